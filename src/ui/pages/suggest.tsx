// /suggest: the patron's form. It looks the ISBN up as they type (or with the "Look up"
// button when scripts are off), says when the library already has the book (and where, so it
// is borrowed rather than suggested) or others asked for it (so the patron can add their
// voice), and shows what is wrong beside the field that is wrong.
import { bookFromOpenUrl, editionFromOpenUrl, type OpenUrlBook, type OpenUrlEdition } from '../../domain/openurl.js';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { Deps, Principal } from '../../context.js';
import { mayRequestForCourse } from '../../domain/course.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { ApiError, type FieldError } from '../../errors.js';
import { intakeBrake } from '../../routes/router.js';
import { SuggestionCreateSchema } from '../../routes/suggestions/suggestions.routes.js';
import { type Lookup, lookupIsbn } from '../../services/lookup.js';
import { mayPlaceHold, placeHoldOnHeldBook } from '../../services/ils/holds.js';
import { createSuggestion, type HeldBook } from '../../services/suggestions.js';
import { BookCard, Csrf, ErrorSummary, Field, type FieldErrors, statusName } from '../components.js';
import { type Page, pageOf, type Translate, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn, setFlash, takeFlash } from '../middleware.js';
import { intakeRefusal } from '../refusals.js';
import { render } from '../render.js';
import { forgeryRefused } from './errors.js';
import {
  EMPTY_REQUEST,
  type Offer,
  offerOf,
  RequestFields,
  requestInput,
  type RequestValues,
  requestValuesFrom,
} from './request-fields.js';

interface FormValues extends RequestValues {
  isbn: string;
  title: string;
  author: string;
  courseCode: string;
  courseTerm: string;
  courseEnrolment: string;
}

const EMPTY: FormValues = {
  ...EMPTY_REQUEST,
  isbn: '',
  title: '',
  author: '',
  courseCode: '',
  courseTerm: '',
  courseEnrolment: '',
};

const OPENURL_FIELDS = [
  'isbn',
  'title',
  'author',
  'publisher',
  'year',
  'edition',
  'series',
] as const satisfies readonly (keyof (OpenUrlBook & OpenUrlEdition) & keyof FormValues)[];

const COURSE_FIELDS = ['courseCode', 'courseTerm', 'courseEnrolment'] as const;

type LookupState = { ok: true; lookup: Lookup } | { ok: false; message: string; candidates: string[] } | null;

/**
 * The lookup's answer as a panel: the book, whether the library has it, who else asked. When
 * the form was sent and the ISBN refused, the refusal is already beside the field and in the
 * summary: the panel then holds only the likely ISBNs that message points to.
 */
export function LookupPanel(props: {
  page: Page;
  state: LookupState;
  workflow: Deps['workflow'];
  refusedBesideField?: boolean;
  /** the ILS can place a hold on the held copies */
  holdable?: boolean;
}) {
  const { page, state } = props;
  const { tr } = page;
  if (!state) return null;
  if (!state.ok) {
    if (props.refusedBesideField && state.candidates.length === 0) return null;
    return (
      <div class="note problem">
        {!props.refusedBesideField && <p style="margin:0">{state.message}</p>}
        {state.candidates.length > 0 && (
          <p style="margin:4px 0 0">
            {tr('ui.lookup.didYouMean')}{' '}
            {state.candidates.map((isbn, i) => (
              <>
                {i > 0 && ` ${tr('ui.or')} `}
                <a href={`/suggest?isbn=${isbn}`}>{isbn}</a>
              </>
            ))}
          </p>
        )}
      </div>
    );
  }
  const { lookup } = state;
  const title = lookup.title;
  return (
    <div class="card">
      <BookCard page={page} metadata={lookup.metadata} isbn13={lookup.isbn13} />
      {!lookup.metadata && <p class="muted">{tr(lookup.complete ? 'ui.lookup.unknown' : 'ui.lookup.slow')}</p>}
      {lookup.held && (
        <div class="note held">
          <p style="margin:0">
            <strong>
              {lookup.held.where ? tr('ui.lookup.held', { items: lookup.held.items }) : tr('ui.lookup.inCollection')}
            </strong>{' '}
            {lookup.held.where}
          </p>
          <ShelfWords page={page} held={lookup.held} />
          <p style="margin:4px 0 0">
            {tr('ui.lookup.borrow')}{' '}
            {lookup.held.catalogueUrl && <a href={lookup.held.catalogueUrl}>{tr('ui.lookup.catalogue')}</a>}
          </p>
          {props.holdable && (
            <p style="margin:6px 0 0">
              {tr('ui.lookup.holdHint')}{' '}
              <button type="submit" class="secondary" formaction="/suggest/hold" name="hold" value="1">
                {tr('ui.lookup.hold')}
              </button>
            </p>
          )}
        </div>
      )}
      {title && title.yourSuggestionId !== null && (
        <p class="note pooled">
          {tr('ui.lookup.yours')} <a href={`/my/suggestions/${title.yourSuggestionId}`}>{tr('ui.lookup.seeStatus')}</a>
        </p>
      )}
      {title && title.yourSuggestionId === null && !lookup.held && (
        <div class="note pooled">
          <p style="margin:0">
            <strong>{tr('ui.lookup.others', { count: title.requesterCount })}</strong>{' '}
            {tr('ui.lookup.status', { status: statusName(props.workflow, title.status, page.locale) })}
          </p>
          <p style="margin:6px 0 0">
            <button type="submit" name="voice" value="1">
              {tr('ui.lookup.addVoice')}
            </button>
          </p>
        </div>
      )}
    </div>
  );
}

/** Where the copies are, in a sentence: the call number to look for, and where it is shelved. */
function ShelfWords(props: { page: Page; held: HeldBook }) {
  const { tr } = props.page;
  const { callNumber, location } = props.held;
  const words = callNumber
    ? location
      ? tr('ui.lookup.shelfAt', { callNumber, location })
      : tr('ui.lookup.shelf', { callNumber })
    : location
      ? tr('ui.lookup.shelvedAt', { location })
      : null;
  return words ? <p style="margin:4px 0 0">{words}</p> : null;
}

function SuggestPage(props: {
  page: Page;
  values: FormValues;
  errors: FieldErrors;
  lookup: LookupState;
  workflow: Deps['workflow'];
  canSuggest: boolean;
  /** faculty and liaisons: the form asks which course it is for */
  forCourse: boolean;
  flash: ReturnType<typeof takeFlash>;
  /** refused at the open limit: the way to free a place */
  atOpenLimit?: boolean;
  offer: Offer;
  /** the ILS can place a hold on the held copies the lookup found */
  holdable: boolean;
}) {
  const { page, values, errors } = props;
  const { tr } = page;
  return (
    <Layout page={page} title={tr('ui.suggest.title')} narrow flash={props.flash}>
      <h1>{tr('ui.suggest.title')}</h1>
      <p class="lede">{tr('ui.suggest.lede')}</p>
      {!props.canSuggest ? (
        <p class="note problem">{tr('ui.suggest.noPatron')}</p>
      ) : (
        <>
          <ErrorSummary page={page} errors={errors} />
          {props.atOpenLimit && (
            <p class="note pooled" id="free-a-place">
              {tr('ui.suggest.freePlace')} <a href="/my/suggestions">{tr('ui.suggest.freePlaceLink')}</a>
            </p>
          )}
          <form method="post" action="/suggest" novalidate>
            <Csrf page={page} />
            <Field id="isbn" label={tr('ui.suggest.isbn')} hint={tr('ui.suggest.isbnHint')} error={errors['isbn']}>
              {(a) => (
                <div class="row">
                  <input
                    type="text"
                    id="isbn"
                    name="isbn"
                    value={values.isbn}
                    autocomplete="off"
                    spellcheck={false}
                    inputmode="text"
                    maxlength={TEXT_LIMITS.isbn}
                    {...a}
                  />
                  <button type="submit" id="lookup-button" class="secondary" name="lookup" value="1">
                    {tr('ui.suggest.lookUp')}
                  </button>
                </div>
              )}
            </Field>
            <div id="lookup" class="lookup" aria-live="polite" data-lookup="/suggest/lookup">
              <LookupPanel
                page={page}
                state={props.lookup}
                workflow={props.workflow}
                refusedBesideField={errors['isbn'] !== undefined}
                holdable={props.holdable}
              />
            </div>
            <fieldset>
              <legend class="label">{tr('ui.suggest.noIsbn')}</legend>
              <Field id="title" label={tr('ui.suggest.bookTitle')} error={errors['title']}>
                {(a) => (
                  <input
                    class="wide"
                    type="text"
                    id="title"
                    name="title"
                    value={values.title}
                    maxlength={TEXT_LIMITS.title}
                    {...a}
                  />
                )}
              </Field>
              <Field id="author" label={tr('ui.suggest.author')} error={errors['author']}>
                {(a) => (
                  <input
                    class="wide"
                    type="text"
                    id="author"
                    name="author"
                    value={values.author}
                    maxlength={TEXT_LIMITS.author}
                    {...a}
                  />
                )}
              </Field>
            </fieldset>
            <RequestFields page={page} values={values} errors={errors} offer={props.offer}>
              {props.forCourse && (
                <fieldset id="course" aria-describedby="course-hint">
                  <legend class="label">{tr('ui.suggest.course')}</legend>
                  <p class="hint" id="course-hint">
                    {tr('ui.suggest.courseHint')}
                  </p>
                  <Field
                    id="courseCode"
                    label={tr('ui.suggest.courseCode')}
                    hint={tr('ui.suggest.courseCodeHint')}
                    error={errors['courseCode']}
                  >
                    {(a) => (
                      <input
                        type="text"
                        id="courseCode"
                        name="courseCode"
                        value={values.courseCode}
                        maxlength={TEXT_LIMITS.courseCode}
                        autocomplete="off"
                        {...a}
                      />
                    )}
                  </Field>
                  <Field
                    id="courseTerm"
                    label={tr('ui.suggest.courseTerm')}
                    hint={tr('ui.suggest.courseTermHint')}
                    error={errors['courseTerm']}
                  >
                    {(a) => (
                      <input
                        type="text"
                        id="courseTerm"
                        name="courseTerm"
                        value={values.courseTerm}
                        maxlength={TEXT_LIMITS.courseTerm}
                        autocomplete="off"
                        {...a}
                      />
                    )}
                  </Field>
                  <Field
                    id="courseEnrolment"
                    label={tr('ui.suggest.courseEnrolment')}
                    hint={tr('ui.suggest.courseEnrolmentHint')}
                    error={errors['courseEnrolment']}
                  >
                    {(a) => (
                      <input
                        type="text"
                        inputmode="numeric"
                        id="courseEnrolment"
                        name="courseEnrolment"
                        value={values.courseEnrolment}
                        size={6}
                        maxlength={6}
                        {...a}
                      />
                    )}
                  </Field>
                </fieldset>
              )}
            </RequestFields>
            <button type="submit">{tr('ui.suggest.send')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

// What was typed, whole: a field over its limit is refused beside it, never quietly cut.
function valuesFrom(source: Record<string, unknown>, offer: Offer): FormValues {
  const text = (key: keyof FormValues) => (typeof source[key] === 'string' ? (source[key] as string) : '');
  return {
    ...requestValuesFrom(source, offer),
    isbn: text('isbn'),
    title: text('title'),
    author: text('author'),
    courseCode: text('courseCode'),
    courseTerm: text('courseTerm'),
    courseEnrolment: text('courseEnrolment'),
  };
}

/**
 * The course as the API takes it, when any of its fields was filled in; the schema then says
 * what is missing or wrong. An enrolment that is not digits goes as typed, to be refused.
 */
function courseFrom(values: FormValues): Record<string, unknown> | undefined {
  if (COURSE_FIELDS.every((f) => values[f].trim() === '')) return undefined;
  const enrolment = values.courseEnrolment.trim();
  return {
    code: values.courseCode,
    term: values.courseTerm,
    ...(enrolment === '' ? {} : { enrolment: /^\d{1,6}$/.test(enrolment) ? Number(enrolment) : enrolment }),
  };
}

async function lookupState(deps: Deps, principal: Principal, isbn: string, tr: Translate): Promise<LookupState> {
  if (!isbn.trim()) return null;
  try {
    return { ok: true, lookup: await lookupIsbn(deps, principal, isbn) };
  } catch (error) {
    const field = fieldErrorsOf(error, tr)['isbn'];
    if (field === undefined) throw error;
    const candidates = ((error as ApiError).extensions['errors'] as FieldError[])[0]?.['candidates'];
    return { ok: false, message: field, candidates: Array.isArray(candidates) ? (candidates as string[]) : [] };
  }
}

/** A refusal from the service, as messages beside the fields they concern, in the page's language. */
export function fieldErrorsOf(error: unknown, tr: Translate): FieldErrors {
  if (!(error instanceof ApiError) || error.type !== 'validation') return {};
  const errors: FieldErrors = {};
  for (const e of (error.extensions['errors'] as FieldError[] | undefined) ?? []) {
    // A course from someone who may not give one: the form never showed them the fields.
    if (e['problem'] === 'not-teaching') {
      errors['form'] ??= tr('ui.suggest.courseNotAllowed');
      continue;
    }
    const field = (e.pointer.replace(/^\//, '') || String(e['parameter'] ?? '')).split('/')[0] || 'form';
    errors[field] ??= messageOf(field, e, tr);
  }
  return errors;
}

function messageOf(field: string, error: FieldError, tr: Translate): string {
  const problem = error['problem'];
  const candidates = Array.isArray(error['candidates']) ? (error['candidates'] as string[]) : [];
  if (field === 'isbn') {
    if (problem === 'checksum') return tr('ui.isbn.checksum', { candidates });
    if (problem === 'not-isbn-ean') return tr('ui.isbn.ean');
    if (problem === 'not-an-isbn' || problem === 'empty') return tr('ui.isbn.notIsbn', { candidates });
    return tr('ui.suggest.needIsbnOrTitle');
  }
  if (field === 'title') return tr('ui.suggest.titleLetters');
  if (problem === 'not-offered') return tr('ui.suggest.notOffered');
  if (field === 'year') return tr('ui.suggest.yearInvalid');
  if (field === 'needBy') return problem === 'past' ? tr('ui.suggest.needByPast') : tr('ui.form.date');
  return tr('ui.form.invalid');
}

/** zod's complaints about the form, by field. */
export function schemaErrors(issues: z.core.$ZodIssue[], values: Partial<FormValues>, tr: Translate): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    if (issue.path[0] === 'course') {
      const part = String(issue.path[1] ?? 'code');
      const field = `course${part[0]!.toUpperCase()}${part.slice(1)}` as (typeof COURSE_FIELDS)[number];
      const given = values[field]?.trim() ?? '';
      errors[field] ??=
        given === ''
          ? tr('ui.suggest.courseFieldNeeded')
          : field === 'courseEnrolment'
            ? tr('ui.suggest.courseEnrolmentInvalid')
            : field === 'courseTerm'
              ? tr('ui.suggest.courseTermInvalid')
              : tr('ui.suggest.courseCodeInvalid');
      continue;
    }
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??=
      field === 'year'
        ? tr('ui.suggest.yearInvalid')
        : issue.code === 'too_big'
          ? tr('ui.form.tooLong', { max: Number(issue.maximum) })
          : field === 'needBy'
            ? tr('ui.form.date')
            : issue.code === 'invalid_value'
              ? tr('ui.form.choose')
              : tr('ui.form.invalid');
  }
  return errors;
}

async function show(
  c: UiContext,
  values: FormValues,
  errors: FieldErrors = {},
  status: 200 | 409 | 422 | 429 = 200,
  atOpenLimit = false,
) {
  const deps = c.get('deps');
  const page = pageOf(c);
  const principal = page.principal!;
  const lookup = await lookupState(deps, principal, values.isbn, page.tr);
  return render(
    c,
    <SuggestPage
      page={page}
      values={values}
      errors={errors}
      lookup={lookup}
      workflow={deps.workflow}
      canSuggest={principal.patron !== null}
      forCourse={mayRequestForCourse(principal.role, principal.patron?.category)}
      flash={takeFlash(c)}
      atOpenLimit={atOpenLimit}
      offer={offerOf(deps.config)}
      holdable={lookup?.ok === true && mayPlaceHold(deps, lookup.lookup.held)}
    />,
    status,
  );
}

export const suggestPages = new Hono<UiEnv>()
  // A discovery layer's link may be an OpenURL: the book it names fills the form (sign-in keeps
  // the whole query on its way back here, so a patron who was not signed in sees it filled too).
  .get('/suggest', requireSignIn(), (c) => {
    const query = c.req.query();
    const book = bookFromOpenUrl(query);
    const linked = book ? { ...book, ...editionFromOpenUrl(query) } : null;
    const values = valuesFrom(query, offerOf(c.get('deps').config));
    return show(c, {
      ...EMPTY,
      ...values,
      // What the link names fills what the query did not (a form sent back keeps what was typed).
      ...(linked ? Object.fromEntries(OPENURL_FIELDS.map((key) => [key, values[key] || linked[key]])) : {}),
    });
  })
  // The panel alone, for the script that looks the ISBN up as the patron types.
  .get('/suggest/lookup', requireSignIn(), async (c) => {
    const page = pageOf(c);
    const state = await lookupState(c.get('deps'), page.principal!, c.req.query('isbn') ?? '', page.tr);
    const deps = c.get('deps');
    const holdable = state?.ok === true && mayPlaceHold(deps, state.lookup.held);
    return c.html(String(<LookupPanel page={page} state={state} workflow={deps.workflow} holdable={holdable} />), 200);
  })
  // "Place a hold" on a book the library has: the form's own fields (the ISBN, the branch) go here.
  .post('/suggest/hold', requireSignIn(), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const { tr } = page;
    const form = await c.req.parseBody();
    const forged = forgeryRefused(c, form);
    if (forged) return forged;
    const isbn = typeof form['isbn'] === 'string' ? form['isbn'] : '';
    const pickup = typeof form['pickupBranch'] === 'string' ? form['pickupBranch'] : null;
    const outcome = await placeHoldOnHeldBook(deps, page.principal!, isbn, pickup).catch((error: unknown) => {
      // An ISBN that is not one names no book to hold.
      if (error instanceof ApiError && error.type === 'validation') return 'unavailable' as const;
      throw error;
    });
    setFlash(c, tr(`ui.hold.${outcome}`));
    return c.redirect(`/suggest?isbn=${encodeURIComponent(isbn)}`, 303);
  })
  .post('/suggest', requireSignIn(), intakeBrake, async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const { tr } = page;
    const form = await c.req.parseBody();
    const forged = forgeryRefused(c, form);
    if (forged) return forged;
    const values = valuesFrom(form, offerOf(deps.config));
    // "Look up" (the form without scripts): show what is known of the ISBN, send nothing yet.
    if (form['lookup']) return show(c, values);
    const course = courseFrom(values);
    const parsed = SuggestionCreateSchema.safeParse({
      ...(values.isbn.trim() ? { isbn: values.isbn } : {}),
      ...(values.title.trim() ? { title: values.title } : {}),
      ...(values.author.trim() ? { author: values.author } : {}),
      ...requestInput(values, 'omit'),
      ...(course ? { course } : {}),
    });
    if (!parsed.success) return show(c, values, schemaErrors(parsed.error.issues, values, tr), 422);
    try {
      const row = await createSuggestion(deps, page.principal!, parsed.data, 'web');
      const others = row.title.requesterCount - 1;
      setFlash(c, others > 0 ? tr('ui.suggest.pooled', { others }) : tr('ui.suggest.thanks'));
      return c.redirect(`/my/suggestions/${row.id}`, 303);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.type === 'duplicate-suggestion') {
        setFlash(c, tr('ui.suggest.already'));
        return c.redirect(`/my/suggestions/${Number(error.extensions['suggestionId'])}`, 303);
      }
      const refusal = intakeRefusal(error, page, deps.config);
      if (refusal) return show(c, values, { form: refusal.message }, refusal.status, refusal.openLimit);
      const errors = fieldErrorsOf(error, tr);
      if (Object.keys(errors).length === 0) throw error;
      return show(c, values, errors, 422);
    }
  });
