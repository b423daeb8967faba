// "My suggestions": what a patron asked for, where each stands, and every step on the way with
// the reasons the library gave. A patron sees only their own; anyone else's is "not found".
import { Hono } from 'hono';
import type { Workflow } from '../../domain/workflow.js';
import { stepReason } from '../../domain/step-reason.js';
import { findStatus } from '../../domain/workflow.js';
import { getSuggestion, listSuggestions, type SuggestionRow } from '../../services/suggestions.js';
import { type HistoryEntry, titleHistory } from '../../services/titles.js';
import type { Metadata } from '../../domain/metadata.js';
import { titleName } from '../../domain/title-name.js';
import { BookCard, formatDate, StatusBadge, statusName } from '../components.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn, takeFlash } from '../middleware.js';
import { render } from '../render.js';
import { notFoundPage } from './errors.js';

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
  flash: ReturnType<typeof takeFlash>;
}) {
  const { page, row, workflow } = props;
  const { tr } = page;
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
        <dt>{tr('ui.mine.hold')}</dt>
        <dd>{row.wantsHold ? tr('ui.yes') : tr('ui.no')}</dd>
      </dl>
    </Layout>
  );
}

export const minePages = new Hono<UiEnv>()
  .get('/my/suggestions', requireSignIn(), async (c) => {
    const page = pageOf(c);
    const patron = page.principal!.patron;
    const rows = patron ? await listSuggestions(c.get('deps'), { patronId: patron.id, limit: 200 }) : [];
    return render(c, <MinePage page={page} rows={rows} workflow={c.get('deps').workflow} flash={takeFlash(c)} />);
  })
  // Ids as the API reads them (routes/schemas.ts Id): decimal digits, no leading zero.
  .get('/my/suggestions/:id{[1-9][0-9]{0,11}}', requireSignIn(), async (c) => {
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
        flash={takeFlash(c)}
      />,
    );
  });
