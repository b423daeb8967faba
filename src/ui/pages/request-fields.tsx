// What a patron says of their request beyond the book (the edition they mean, format, why, by
// when, where to collect it, a note for staff), as the suggestion form asks it and as the
// patron's own page lets them change it before review: one set of fields, read one way,
// checked by the API's schema and the rules of domain/request-details.ts.
import type { Config } from '../../config.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { Field, type FieldErrors } from '../components.js';
import type { Page } from '../context.js';

export interface RequestValues {
  publisher: string;
  year: string;
  edition: string;
  series: string;
  format: string;
  reason: string;
  needBy: string;
  pickupBranch: string;
  noteToStaff: string;
  wantsHold: boolean;
}

export const EMPTY_REQUEST: RequestValues = {
  publisher: '',
  year: '',
  edition: '',
  series: '',
  format: 'print',
  reason: '',
  needBy: '',
  pickupBranch: '',
  noteToStaff: '',
  wantsHold: false,
};

/** What the library offers to choose from: its formats, and its branches when there are two or more. */
export interface Offer {
  formats: Config['FORMATS'];
  branches: Config['PICKUP_BRANCHES'];
}

export const offerOf = (config: Config): Offer => ({
  formats: config.FORMATS,
  branches: config.PICKUP_BRANCHES.length > 1 ? config.PICKUP_BRANCHES : [],
});

// What was typed, whole: a field over its limit is refused beside it, never quietly cut.
export function requestValuesFrom(source: Record<string, unknown>, offer: Offer): RequestValues {
  const text = (key: keyof RequestValues) => (typeof source[key] === 'string' ? (source[key] as string) : '');
  return {
    publisher: text('publisher'),
    year: text('year'),
    edition: text('edition'),
    series: text('series'),
    format: (offer.formats as readonly string[]).includes(text('format')) ? text('format') : offer.formats[0]!,
    reason: text('reason'),
    needBy: text('needBy'),
    pickupBranch: text('pickupBranch'),
    noteToStaff: text('noteToStaff'),
    wantsHold: source['wantsHold'] === 'on' || source['wantsHold'] === 'true',
  };
}

/**
 * The values as the API's schemas read them: an empty field is left out, or, for a change,
 * cleared. A year that is not digits goes as typed, to be refused beside its field.
 */
export function requestInput(values: RequestValues, empty: 'omit' | 'clear') {
  const optional = (value: string) => (value.trim() ? value.trim() : empty === 'clear' ? null : undefined);
  const year = values.year.trim();
  const input = {
    format: values.format,
    reason: optional(values.reason),
    needBy: optional(values.needBy),
    wantsHold: values.wantsHold,
    publisher: optional(values.publisher),
    year: year === '' ? optional(year) : /^\d{1,4}$/.test(year) ? Number(year) : year,
    edition: optional(values.edition),
    series: optional(values.series),
    pickupBranch: optional(values.pickupBranch),
    noteToStaff: optional(values.noteToStaff),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function TextField(props: {
  page: Page;
  id: 'publisher' | 'edition' | 'series';
  label: string;
  hint?: string;
  value: string;
  error: string | undefined;
}) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {(a) => (
        <input
          class="wide"
          type="text"
          id={props.id}
          name={props.id}
          value={props.value}
          maxlength={TEXT_LIMITS[props.id]}
          {...a}
        />
      )}
    </Field>
  );
}

/**
 * The edition, format, reason, need-by, pickup branch, note and hold; the course, when asked,
 * goes between format and reason.
 */
export function RequestFields(props: {
  page: Page;
  values: RequestValues;
  errors: FieldErrors;
  offer: Offer;
  children?: unknown;
}) {
  const { page, values, errors, offer } = props;
  const { tr } = page;
  return (
    <>
      <fieldset id="edition-details" aria-describedby="edition-details-hint">
        <legend class="label">{tr('ui.suggest.edition')}</legend>
        <p class="hint" id="edition-details-hint">
          {tr('ui.suggest.editionHint')}
        </p>
        <TextField
          page={page}
          id="publisher"
          label={tr('ui.suggest.publisher')}
          value={values.publisher}
          error={errors['publisher']}
        />
        <Field id="year" label={tr('ui.suggest.year')} error={errors['year']}>
          {(a) => (
            <input
              type="text"
              inputmode="numeric"
              id="year"
              name="year"
              value={values.year}
              size={6}
              maxlength={4}
              {...a}
            />
          )}
        </Field>
        <TextField
          page={page}
          id="edition"
          label={tr('ui.suggest.editionStatement')}
          hint={tr('ui.suggest.editionStatementHint')}
          value={values.edition}
          error={errors['edition']}
        />
        <TextField
          page={page}
          id="series"
          label={tr('ui.suggest.series')}
          value={values.series}
          error={errors['series']}
        />
      </fieldset>
      <fieldset class={errors['format'] ? 'field invalid' : 'field'} id="format">
        <legend>{tr('ui.suggest.format')}</legend>
        {errors['format'] && <span class="field-error">{errors['format']}</span>}
        <div class="choices">
          {offer.formats.map((format) => (
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
      {offer.branches.length > 0 && (
        <Field id="pickupBranch" label={tr('ui.suggest.pickup')} error={errors['pickupBranch']}>
          {(a) => (
            <select id="pickupBranch" name="pickupBranch" {...a}>
              <option value="" selected={values.pickupBranch === ''}>
                {tr('ui.suggest.pickupAny')}
              </option>
              {offer.branches.map((b) => (
                <option value={b.code} selected={values.pickupBranch === b.code}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        id="noteToStaff"
        label={tr('ui.suggest.noteToStaff')}
        hint={tr('ui.suggest.noteToStaffHint')}
        error={errors['noteToStaff']}
      >
        {(a) => (
          <textarea id="noteToStaff" name="noteToStaff" rows={2} maxlength={TEXT_LIMITS.noteToStaff} {...a}>
            {values.noteToStaff}
          </textarea>
        )}
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
