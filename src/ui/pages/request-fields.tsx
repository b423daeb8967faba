// What a patron says of their request beyond the book (format, why, by when, a hold), as the
// suggestion form asks it and as the patron's own page lets them change it before review: one
// set of fields, read one way, checked by the API's schema.
import { FORMATS } from '../../db/schema.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { Field, type FieldErrors } from '../components.js';
import type { Page } from '../context.js';

export interface RequestValues {
  format: string;
  reason: string;
  needBy: string;
  wantsHold: boolean;
}

export const EMPTY_REQUEST: RequestValues = { format: 'print', reason: '', needBy: '', wantsHold: false };

// What was typed, whole: a field over its limit is refused beside it, never quietly cut.
export function requestValuesFrom(source: Record<string, unknown>): RequestValues {
  const text = (key: string) => (typeof source[key] === 'string' ? (source[key] as string) : '');
  return {
    format: (FORMATS as readonly string[]).includes(text('format')) ? text('format') : 'print',
    reason: text('reason'),
    needBy: text('needBy'),
    wantsHold: source['wantsHold'] === 'on' || source['wantsHold'] === 'true',
  };
}

/** The values as the API's schemas read them: an empty field is left out, or, for a change, cleared. */
export function requestInput(values: RequestValues, empty: 'omit' | 'clear') {
  const optional = (value: string) => (value ? value : empty === 'clear' ? null : undefined);
  const input = {
    format: values.format,
    reason: optional(values.reason.trim()),
    needBy: optional(values.needBy),
    wantsHold: values.wantsHold,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** Format, reason, need-by and hold; the course, when asked, goes between format and reason. */
export function RequestFields(props: { page: Page; values: RequestValues; errors: FieldErrors; children?: unknown }) {
  const { page, values, errors } = props;
  const { tr } = page;
  return (
    <>
      <fieldset class="field" id="format">
        <legend>{tr('ui.suggest.format')}</legend>
        <div class="choices">
          {FORMATS.map((format) => (
            <label>
              <input type="radio" name="format" value={format} checked={values.format === format} />
              {tr(`ui.format.${format}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {props.children}
      <Field id="reason" label={tr('ui.suggest.reason')} hint={tr('ui.suggest.reasonHint')} error={errors['reason']}>
        {(a) => (
          <textarea id="reason" name="reason" rows={3} maxlength={TEXT_LIMITS.reason} {...a}>
            {values.reason}
          </textarea>
        )}
      </Field>
      <Field id="needBy" label={tr('ui.suggest.needBy')} hint={tr('ui.suggest.needByHint')} error={errors['needBy']}>
        {(a) => <input type="date" id="needBy" name="needBy" value={values.needBy} {...a} />}
      </Field>
      <div class="field choices">
        <label>
          <input type="checkbox" id="wantsHold" name="wantsHold" checked={values.wantsHold} />
          {tr('ui.suggest.hold')}
        </label>
      </div>
    </>
  );
}
