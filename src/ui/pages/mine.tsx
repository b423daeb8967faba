// "My suggestions": what a patron asked for, where each stands, and every step on the way with
// the reasons the library gave. A patron sees only their own; anyone else's is "not found".
import { Hono } from 'hono';
import type { Workflow } from '../../domain/workflow.js';
import type { Config } from '../../config.js';
import { editionLine } from '../../domain/request-details.js';
import { stepReason } from '../../domain/step-reason.js';
import { awaitsReview, findStatus } from '../../domain/workflow.js';
import { ApiError } from '../../errors.js';
import { SuggestionEditSchema } from '../../routes/suggestions/suggestions.routes.js';
import { editSuggestion, withdrawSuggestion } from '../../services/suggestion-changes.js';
import { getSuggestion, listSuggestions, type SuggestionRow } from '../../services/suggestions.js';
import { type HistoryEntry, titleHistory } from '../../services/titles.js';
import type { Metadata } from '../../domain/metadata.js';
import { titleName } from '../../domain/title-name.js';
import { BookCard, Csrf, ErrorSummary, type FieldErrors, formatDate, StatusBadge, statusName } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn, sameOrigin, setFlash, takeFlash, tokenMatches } from '../middleware.js';
import { render } from '../render.js';
import { errorPage, notFoundPage } from './errors.js';
import {
  type Offer,
  offerOf,
  RequestFields,
  requestInput,
  type RequestValues,
  requestValuesFrom,
} from './request-fields.js';
import { fieldErrorsOf, schemaErrors } from './suggest.js';

const metadataOf = (row: SuggestionRow): Metadata | null =>
  row.title.metadata ? (JSON.parse(row.title.metadata) as Metadata) : null;

const titleOf = (row: SuggestionRow, page: Page, metadata = metadataOf(row)) =>
  titleName({ title: metadata?.title ?? row.title.title ?? row.givenTitle, isbn13: row.title.isbn13 }, page.locale);

function MinePage(props: {
  page: Page;
  rows: SuggestionRow[];
  workflow: Workflow;
  flash: ReturnType<typeof takeFlash>;
}) {
  const { page, rows } = props;
  const { tr } = page;
  return (
    <Layout page={page} title={tr('ui.mine.title')} flash={props.flash}>
      <h1>{tr('ui.mine.title')}</h1>
      {rows.length === 0 ? (
        <p>
          {tr('ui.mine.none')} <a href="/suggest">{tr('ui.nav.suggest')}</a>
        </p>
      ) : (
        <table class="list">
          <caption class="visually-hidden">{tr('ui.mine.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('ui.mine.book')}</th>
              <th scope="col">{tr('ui.mine.status')}</th>
              <th scope="col">{tr('ui.mine.asked')}</th>
              <th scope="col" class="num">
                {tr('ui.mine.requesters')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>
                  <a href={`/my/suggestions/${row.id}`}>{titleOf(row, page)}</a>
                  {row.title.author && <span class="reason">{row.title.author}</span>}
                </td>
                <td>
                  <StatusBadge workflow={props.workflow} status={row.title.status} locale={page.locale} />
                </td>
                <td>{formatDate(page.locale, row.createdAt)}</td>
                <td class="num">{row.title.requesterCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a class="button" href="/suggest">
          {tr('ui.mine.another')}
        </a>
      </p>
    </Layout>
  );
}

function SuggestionPage(props: {
  page: Page;
  row: SuggestionRow;
  metadata: Metadata | null;
  history: HistoryEntry[];
  workflow: Workflow;
  branches: Config['PICKUP_BRANCHES'];
  flash: ReturnType<typeof takeFlash>;
}) {
  const { page, row, workflow } = props;
  const { tr } = page;
  const edition = editionLine(row);
  const title = titleOf(row, page, props.metadata);
  const status = row.title.status;
  const stage = findStatus(workflow, status)?.stage;
  return (
    <Layout page={page} title={title} narrow flash={props.flash}>
      <p>
        <a href="/my/suggestions">← {tr('ui.mine.title')}</a>
      </p>
      <div class="card">
        <BookCard
          page={page}
          metadata={props.metadata}
          fallbackTitle={row.title.title ?? row.givenTitle}
          fallbackAuthor={row.title.author ?? row.givenAuthor}
          isbn13={row.title.isbn13}
          heading="h1"
        />
        <p>
          {tr('ui.mine.now')} <StatusBadge workflow={workflow} status={status} locale={page.locale} />
        </p>
        {status === 'held' && row.title.heldWhere && <p class="note held">{row.title.heldWhere}</p>}
        {status === 'available' && row.wantsHold && <p class="note held">{tr('ui.mine.holdWaiting')}</p>}
        {status === 'rejected' && <p class="note pooled">{tr('ui.mine.alternatives')}</p>}
        {stage === 'pending' && row.title.requesterCount > 1 && (
          <p class="muted">{tr('ui.mine.pooled', { count: row.title.requesterCount })}</p>
        )}
      </div>
      <h2 id="history">{tr('ui.mine.history')}</h2>
      <ol class="timeline" aria-labelledby="history">
        {props.history.map((entry) => {
          const reason = stepReason(workflow, entry, row.title.heldWhere, page.locale);
          return (
            <li>
              <strong>{statusName(workflow, entry.to, page.locale)}</strong>
              <time datetime={entry.at.toISOString()}>{formatDate(page.locale, entry.at)}</time>
              {reason && <span>{reason}</span>}
            </li>
          );
        })}
      </ol>
      <h2>{tr('ui.mine.yourRequest')}</h2>
      <dl class="card">
        <dt>{tr('ui.mine.asked')}</dt>
        <dd>{formatDate(page.locale, row.createdAt)}</dd>
        {edition && (
          <>
            <dt>{tr('ui.mine.edition')}</dt>
            <dd>{edition}</dd>
          </>
        )}
        <dt>{tr('ui.suggest.format')}</dt>
        <dd>{tr(`ui.format.${row.format}`)}</dd>
        {row.reason && (
          <>
            <dt>{tr('ui.suggest.reason')}</dt>
            <dd>{row.reason}</dd>
          </>
        )}
        {row.needBy && (
          <>
            <dt>{tr('ui.suggest.needBy')}</dt>
            <dd>{formatDate(page.locale, row.needBy)}</dd>
          </>
        )}
        {row.courseCode && (
          <>
            <dt>{tr('ui.suggest.course')}</dt>
            <dd>
              {tr('ui.mine.course', {
                course: row.courseCode,
                term: row.courseTerm ?? '',
                students: row.courseEnrolment ?? 0,
              })}
            </dd>
          </>
        )}
        {row.pickupBranch && (
          <>
            <dt>{tr('ui.mine.pickup')}</dt>
            <dd>{props.branches.find((b) => b.code === row.pickupBranch)?.name ?? row.pickupBranch}</dd>
          </>
        )}
        {row.noteToStaff && (
          <>
            <dt>{tr('ui.suggest.noteToStaff')}</dt>
            <dd>{row.noteToStaff}</dd>
          </>
        )}
        <dt>{tr('ui.mine.hold')}</dt>
        <dd>{row.wantsHold ? tr('ui.yes') : tr('ui.no')}</dd>
      </dl>
      {awaitsReview(status) && (
        <section aria-labelledby="change">
          <h2 id="change">{tr('ui.mine.change')}</h2>
          <p>{tr('ui.mine.changeHint')}</p>
          <form method="post" action={`/my/suggestions/${row.id}/withdraw`} class="row">
            <Csrf page={page} />
            <a class="button secondary" href={`/my/suggestions/${row.id}/edit`}>
              {tr('ui.mine.edit')}
            </a>
            <button type="submit" class="secondary">
              {tr('ui.mine.withdraw')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}

function EditPage(props: { page: Page; row: SuggestionRow; values: RequestValues; errors: FieldErrors; offer: Offer }) {
  const { page, row, errors } = props;
  const { tr } = page;
  const heading = tr('ui.mine.editTitle', { title: titleOf(row, page) });
  return (
    <Layout page={page} title={heading} narrow>
      <h1>{heading}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/my/suggestions/${row.id}/edit`} novalidate>
        <Csrf page={page} />
        <RequestFields page={page} values={props.values} errors={errors} offer={props.offer} />
        <p class="row">
          <button type="submit">{tr('ui.mine.save')}</button>
          <a href={`/my/suggestions/${row.id}`}>{tr('ui.mine.back')}</a>
        </p>
      </form>
    </Layout>
  );
}

const valuesOf = (row: SuggestionRow): RequestValues => ({
  publisher: row.publisher ?? '',
  year: row.publishedYear === null ? '' : String(row.publishedYear),
  edition: row.edition ?? '',
  series: row.series ?? '',
  format: row.format,
  reason: row.reason ?? '',
  needBy: row.needBy ?? '',
  pickupBranch: row.pickupBranch ?? '',
  noteToStaff: row.noteToStaff ?? '',
  wantsHold: row.wantsHold,
});

/** The signed-in patron's own suggestion named in the path, or nothing. */
async function ownRow(c: UiContext): Promise<SuggestionRow | null> {
  const row = await getSuggestion(c.get('deps'), Number(c.req.param('id')));
  return row && row.patronId === pageOf(c).principal!.patron?.id ? row : null;
}

/** A form posted from another site, or without this session's token, changes nothing. */
async function trustedForm(c: UiContext): Promise<Record<string, unknown> | null> {
  const form = await c.req.parseBody();
  return sameOrigin(c) && tokenMatches(pageOf(c).csrf, form['_csrf']) ? form : null;
}

/** A selector got there first: the patron is told so on their suggestion's page. */
function toReviewed(c: UiContext, id: number) {
  setFlash(c, pageOf(c).tr('ui.mine.reviewed'));
  return c.redirect(`/my/suggestions/${id}`, 303);
}

function reviewedMeanwhile(c: UiContext, id: number, error: unknown) {
  if (!(error instanceof ApiError) || error.type !== 'already-reviewed') throw error;
  return toReviewed(c, id);
}

const forgery = (c: UiContext) =>
  errorPage(c, 403, pageOf(c).tr('ui.error.forgery'), pageOf(c).tr('ui.error.forgeryDetail'));

// Ids as the API reads them (routes/schemas.ts Id): decimal digits, no leading zero.
const ID = '{[1-9][0-9]{0,11}}';

export const minePages = new Hono<UiEnv>()
  .get('/my/suggestions', requireSignIn(), async (c) => {
    const page = pageOf(c);
    const patron = page.principal!.patron;
    const rows = patron ? await listSuggestions(c.get('deps'), { patronId: patron.id, limit: 200 }) : [];
    return render(c, <MinePage page={page} rows={rows} workflow={c.get('deps').workflow} flash={takeFlash(c)} />);
  })
  .get(`/my/suggestions/:id${ID}`, requireSignIn(), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const row = await getSuggestion(deps, Number(c.req.param('id')));
    if (!row || row.patronId !== page.principal!.patron?.id) return notFoundPage(c);
    const history = await titleHistory(deps, row.title.id);
    // Just suggested, not yet enriched: the details the form's lookup found are in the cache.
    let metadata = metadataOf(row);
    if (!metadata && row.title.isbn13) {
      const found = await deps.enricher.enrich([row.title.isbn13], { timeoutMs: deps.config.LOOKUP_TIMEOUT_MS });
      metadata = found.get(row.title.isbn13)?.metadata ?? null;
    }
    return render(
      c,
      <SuggestionPage
        page={page}
        row={row}
        metadata={metadata}
        history={history}
        workflow={deps.workflow}
        branches={deps.config.PICKUP_BRANCHES}
        flash={takeFlash(c)}
      />,
    );
  })
  .get(`/my/suggestions/:id${ID}/edit`, requireSignIn(), async (c) => {
    const row = await ownRow(c);
    if (!row) return notFoundPage(c);
    if (!awaitsReview(row.title.status)) return toReviewed(c, row.id);
    const offer = offerOf(c.get('deps').config);
    return render(c, <EditPage page={pageOf(c)} row={row} values={valuesOf(row)} errors={{}} offer={offer} />);
  })
  .post(`/my/suggestions/:id${ID}/edit`, requireSignIn(), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const form = await trustedForm(c);
    if (!form) return forgery(c);
    const row = await ownRow(c);
    if (!row) return notFoundPage(c);
    const offer = offerOf(deps.config);
    const values = requestValuesFrom(form, offer);
    const parsed = SuggestionEditSchema.safeParse(requestInput(values, 'clear'));
    const show = (errors: FieldErrors) =>
      render(c, <EditPage page={page} row={row} values={values} errors={errors} offer={offer} />, 422);
    if (!parsed.success) return show(schemaErrors(parsed.error.issues, {}, page.tr));
    try {
      await editSuggestion(deps, page.principal!, row.id, parsed.data);
    } catch (error) {
      const errors = fieldErrorsOf(error, page.tr);
      if (Object.keys(errors).length) return show(errors);
      return reviewedMeanwhile(c, row.id, error);
    }
    setFlash(c, page.tr('ui.mine.saved'));
    return c.redirect(`/my/suggestions/${row.id}`, 303);
  })
  .post(`/my/suggestions/:id${ID}/withdraw`, requireSignIn(), async (c) => {
    const page = pageOf(c);
    if (!(await trustedForm(c))) return forgery(c);
    const row = await ownRow(c);
    if (!row) return notFoundPage(c);
    try {
      await withdrawSuggestion(c.get('deps'), page.principal!, row.id);
    } catch (error) {
      return reviewedMeanwhile(c, row.id, error);
    }
    setFlash(c, page.tr('ui.mine.withdrawn', { title: titleOf(row, page) }));
    return c.redirect('/my/suggestions', 303);
  });
