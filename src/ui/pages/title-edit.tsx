// The title page's staff form (its record, price, order, note and assignee), its liaisons'
// endorsements with the form a liaison endorses by, and the lines its edits add to the history.
// Plain forms: each posts to /titles/:id/..., and comes back to the title (POST-redirect-GET),
// or, refused, to the title again with what was typed and why, in the reader's language.
import type { Price } from '../../domain/metadata.js';
import { EDIT_FIELDS, type EditField, type TitleEdit } from '../../domain/title-edits.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import type { Title } from '../../routes/titles/titles.handlers.js';
import { TitleEditSchema } from '../../routes/titles/titles.routes.js';
import type { StaffMember } from '../../services/title-edits.js';
import { Csrf, ErrorSummary, Field, type FieldErrors, formatDate, formatMoney } from '../components.js';
import type { Page } from '../context.js';

/** The staff form's fields as typed. */
export type EditForm = Record<EditField, string> & { currency: string };

/** The form as the title stands: what staff see before they change anything. */
export function editFormOf(title: Title, currency: string): EditForm {
  const m = title.metadata;
  const s = title.staff;
  return {
    title: title.title ?? '',
    subtitle: m?.subtitle ?? '',
    authors: (m?.authors.length ? m.authors : title.author ? [title.author] : []).join('\n'),
    publisher: m?.publisher ?? '',
    publishedYear: m?.publishedYear ? String(m.publishedYear) : '',
    edition: m?.edition ?? '',
    price: title.price ? String(title.price.amount) : '',
    currency: title.price?.currency || currency,
    fund: s?.fund ?? '',
    quantity: s?.quantity ? String(s.quantity) : '',
    vendor: s?.vendor ?? '',
    staffNote: s?.note ?? '',
    assignee: s?.assignee?.id ?? '',
  };
}

/**
 * What the form asks to change: only the fields that differ from the title as it stands, so
 * saving the form does not make staff's a field they left as the providers gave it. A blank
 * field is one cleared. Numbers that do not read as numbers are refused by field.
 */
export function editOf(
  form: Record<string, unknown>,
  now: EditForm,
): { edit: TitleEdit; errors: Partial<Record<EditField, true>> } {
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const given = Object.fromEntries([...EDIT_FIELDS, 'currency'].map((f) => [f, text(f)])) as EditForm;
  const errors: Partial<Record<EditField, true>> = {};
  const number = (field: EditField, pattern: RegExp): number | null => {
    const value = given[field].replace(',', '.');
    if (value === '') return null;
    if (!pattern.test(value)) errors[field] = true;
    return Number(value);
  };
  const year = number('publishedYear', /^\d{4}$/);
  const quantity = number('quantity', /^\d{1,3}$/);
  const amount = number('price', /^\d{1,7}(\.\d{1,2})?$/);
  const price: Price | null = amount === null ? null : { amount, currency: given.currency.toUpperCase() };
  const authors = given.authors
    .split(/\r?\n/)
    .map((a) => a.trim())
    .filter(Boolean);
  const all: TitleEdit = {
    title: given.title || null,
    subtitle: given.subtitle || null,
    authors: authors.length ? authors : null,
    publisher: given.publisher || null,
    publishedYear: year,
    edition: given.edition || null,
    price,
    fund: given.fund || null,
    quantity,
    vendor: given.vendor || null,
    staffNote: given.staffNote || null,
    assignee: given.assignee || null,
  };
  const changed = (field: EditField) =>
    field === 'price'
      ? given.price.replace(',', '.') !== now.price ||
        (given.price !== '' && given.currency.toUpperCase() !== now.currency)
      : given[field].replace(/\r\n/g, '\n') !== now[field];
  // A field the form did not send is one left as it is.
  const sent = (field: EditField) => typeof form[field] === 'string';
  const edit = Object.fromEntries(
    EDIT_FIELDS.filter((f) => sent(f) && changed(f)).map((f) => [f, all[f]]),
  ) as TitleEdit;
  // The API's rules, field by field, in the reader's words.
  const checked = TitleEditSchema.safeParse(edit);
  if (!checked.success) for (const issue of checked.error.issues) errors[issue.path[0] as EditField] = true;
  return { edit, errors };
}

export function fieldErrors(page: Page, errors: Partial<Record<EditField, true>>): FieldErrors {
  return Object.fromEntries(
    Object.keys(errors).map((f) => [`edit-${f}`, page.tr(`ui.edit.invalid.${f as EditField}`)]),
  );
}

export function EditSection(props: {
  page: Page;
  titleId: number;
  form: EditForm;
  members: StaffMember[];
  errors: FieldErrors;
}) {
  const { page, form, errors } = props;
  const { tr } = page;
  const input = (field: EditField, attrs: Record<string, string | number> = {}, hint?: string) => (
    <Field id={`edit-${field}`} label={tr(`ui.edit.field.${field}`)} hint={hint} error={errors[`edit-${field}`]}>
      {(described) => <input id={`edit-${field}`} name={field} value={form[field]} {...attrs} {...described} />}
    </Field>
  );
  return (
    <section aria-labelledby="edit" class="card">
      <h2 id="edit">{tr('ui.edit.heading')}</h2>
      <p class="hint">{tr('ui.edit.intro')}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/titles/${props.titleId}/edit`}>
        <Csrf page={page} />
        {input('title', { maxlength: TEXT_LIMITS.title })}
        {input('subtitle', { maxlength: TEXT_LIMITS.title })}
        <Field
          id="edit-authors"
          label={tr('ui.edit.field.authors')}
          hint={tr('ui.edit.authorsHint')}
          error={errors['edit-authors']}
        >
          {(described) => (
            <textarea id="edit-authors" name="authors" rows={2} {...described}>
              {form.authors}
            </textarea>
          )}
        </Field>
        {input('publisher', { maxlength: TEXT_LIMITS.publisher })}
        {input('publishedYear', { inputmode: 'numeric', size: 6 })}
        {input('edition', { maxlength: TEXT_LIMITS.edition })}
        {input('price', { inputmode: 'decimal', size: 10 }, tr('ui.edit.priceHint'))}
        <Field id="edit-currency" label={tr('ui.edit.currency')}>
          {(described) => (
            <input id="edit-currency" name="currency" value={form.currency} size={4} maxlength={3} {...described} />
          )}
        </Field>
        {input('fund', { maxlength: TEXT_LIMITS.orderCode }, tr('ui.edit.fundHint'))}
        {input('quantity', { inputmode: 'numeric', size: 4 }, tr('ui.edit.quantityHint'))}
        {input('vendor', { maxlength: TEXT_LIMITS.orderCode }, tr('ui.edit.vendorHint'))}
        <Field id="edit-assignee" label={tr('ui.edit.field.assignee')} error={errors['edit-assignee']}>
          {(described) => (
            <select id="edit-assignee" name="assignee" {...described}>
              <option value="">{tr('ui.edit.nobody')}</option>
              {props.members.map((m) => (
                <option value={m.externalId} selected={m.externalId === form.assignee}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="edit-staffNote"
          label={tr('ui.edit.field.staffNote')}
          hint={tr('ui.edit.noteHint')}
          error={errors['edit-staffNote']}
        >
          {(described) => (
            <textarea id="edit-staffNote" name="staffNote" rows={3} maxlength={TEXT_LIMITS.staffNote} {...described}>
              {form.staffNote}
            </textarea>
          )}
        </Field>
        <button type="submit">{tr('ui.edit.save')}</button>
      </form>
    </section>
  );
}

type Change = NonNullable<Title['changes']>[number];

/** One edit as a line of the history: "Price: $25.99 → $19.50, by Priya". */
export function ChangeLine(props: { page: Page; change: Change }) {
  const { page, change } = props;
  const { tr, locale } = page;
  const shown = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return tr('ui.edit.empty');
    if (change.field === 'price') {
      const p = value as Price;
      return formatMoney(locale, p.amount, p.currency);
    }
    if (Array.isArray(value)) return value.join('; ');
    return String(value);
  };
  return (
    <li>
      <strong>{tr(`ui.edit.field.${change.field}`)}</strong>{' '}
      <time datetime={change.at}>{formatDate(locale, change.at)}</time>{' '}
      <span>
        {tr('ui.edit.changed', {
          before: shown(change.before),
          after: shown(change.after),
          who: change.actorName ?? tr(`ui.role.${change.actorRole as 'selector'}`),
        })}
      </span>
    </li>
  );
}

export function EndorsementsSection(props: {
  page: Page;
  title: Title;
  canEndorse: boolean;
  comment: string;
  error: string | undefined;
}) {
  const { page, title } = props;
  const { tr, locale } = page;
  const endorsements = title.endorsements ?? [];
  const mine = endorsements.find((e) => e.mine);
  const errors: FieldErrors = props.error ? { 'endorse-comment': props.error } : {};
  return (
    <section aria-labelledby="endorsed">
      <h2 id="endorsed">{tr('ui.endorse.heading', { count: endorsements.length })}</h2>
      {endorsements.length === 0 ? (
        <p class="muted">{tr('ui.endorse.none')}</p>
      ) : (
        <ul>
          {endorsements.map((e) => (
            <li>
              <strong>{e.department}</strong>
              {e.name && ` · ${e.name}`} <time datetime={e.at}>{formatDate(locale, e.at)}</time>
              {e.comment && <span>: “{e.comment}”</span>}
            </li>
          ))}
        </ul>
      )}
      {props.canEndorse && (
        <>
          <ErrorSummary page={page} errors={errors} />
          <form method="post" action={`/titles/${title.id}/endorsement`}>
            <Csrf page={page} />
            <Field
              id="endorse-comment"
              label={tr('ui.endorse.comment')}
              hint={tr('ui.endorse.commentHint')}
              error={errors['endorse-comment']}
            >
              {(described) => (
                <textarea id="endorse-comment" name="comment" rows={2} maxlength={TEXT_LIMITS.comment} {...described}>
                  {props.comment || mine?.comment || ''}
                </textarea>
              )}
            </Field>
            <button type="submit">{mine ? tr('ui.endorse.update') : tr('ui.endorse.submit')}</button>
          </form>
          {mine && (
            <form method="post" action={`/titles/${title.id}/endorsement/withdraw`}>
              <Csrf page={page} />
              <button type="submit" class="secondary">
                {tr('ui.endorse.withdraw')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
