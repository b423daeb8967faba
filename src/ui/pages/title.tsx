// /titles/:id: one title as a selector weighs it. Who asked and why (names for selectors and
// admins; a liaison sees their department's titles, by category and department only), the
// score's parts, the courses, the copies held and wanted, where it is in the ILS, what its
// requesters said once it arrived, and its history. What the API's GET /titles/{id} answers,
// in the reader's language; linked from the buy list, the department page and the digest.
import { Hono } from 'hono';
import { FORMATS, type Format, PATRON_CATEGORIES, type PatronCategory } from '../../db/schema.js';
import { COMPONENTS } from '../../domain/scoring.js';
import { titleName } from '../../domain/title-name.js';
import { ApiError } from '../../errors.js';
import { fullTitle, type Title } from '../../routes/titles/titles.handlers.js';
import { type BuyListRow, buildBuyList } from '../../services/buylist.js';
import { formatDate, formatMoney, IlsPlace, StatusBadge, statusName } from '../components.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';
import { reasonText, type Workflow } from '../../domain/workflow.js';
import { notFoundPage } from './errors.js';
import { editionLine } from '../../domain/request-details.js';

const CATEGORY_KEYS = new Set<string>(PATRON_CATEGORIES);
const FORMAT_KEYS = new Set<string>(FORMATS);

function TitlePage(props: {
  page: Page;
  title: Title;
  row: BuyListRow | undefined;
  workflow: Workflow;
  branches: { code: string; name: string }[];
}) {
  const { page, title, row, workflow } = props;
  const branchName = (code: string) => props.branches.find((b) => b.code === code)?.name ?? code;
  const { tr, locale } = page;
  const name = titleName(title, locale);
  const meta = title.metadata;
  const counts = (record: Record<string, number>, name: (key: string) => string = (k) => k) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${name(k)} ${n}`)
      .join(', ') || tr('ui.title.none');
  const category = (k: string) => (CATEGORY_KEYS.has(k) ? tr(`ui.category.${k as PatronCategory}`) : k);
  return (
    <Layout page={page} title={name}>
      <p>
        <a href="/buylist">{tr('ui.title.back')}</a>
      </p>
      <h1>{name}</h1>
      <p class="lede">
        {[title.author, meta?.publisher, meta?.publishedYear, title.isbn13 && `ISBN ${title.isbn13}`]
          .filter(Boolean)
          .join(' · ')}{' '}
        <StatusBadge workflow={workflow} status={title.status} locale={locale} />
      </p>

      <section aria-labelledby="why" class="card">
        <h2 id="why">{tr('ui.title.why')}</h2>
        {row?.components ? (
          <>
            <p>
              <strong>{tr('ui.title.score', { score: row.score?.toFixed(1) ?? '–' })}</strong> {row.reason}
            </p>
            <table class="list">
              <caption>{tr('ui.title.components')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('ui.title.component')}</th>
                  <th scope="col" class="num">
                    {tr('ui.title.input')}
                  </th>
                  <th scope="col" class="num">
                    {tr('ui.title.contribution')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {COMPONENTS.map((c) => {
                  const part = row.components![c];
                  return (
                    <tr>
                      <th scope="row" style="font-weight:400">
                        {tr(`ui.component.${c}`)}
                      </th>
                      <td class="num">{part.value === null ? '–' : Number(part.value.toFixed(2))}</td>
                      <td class="num">{`${part.contribution >= 0 ? '+' : ''}${part.contribution.toFixed(2)}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        ) : (
          <p class="muted">{tr('ui.buylist.unscored')}</p>
        )}
        <p>
          {tr('ui.title.demand', {
            categories: counts(title.demand.byCategory, category),
            departments: counts(title.demand.byDepartment),
          })}
        </p>
        {title.courses.length > 0 && (
          <p>
            {tr('ui.title.courses', {
              courses: title.courses.map((c) => `${c.course}${c.term ? ` (${c.term})` : ''}`).join(', '),
            })}
          </p>
        )}
        <p>
          {tr('ui.title.copies', {
            recommended: title.copies.recommended,
            held: title.copies.held,
            toOrder: title.copies.toOrder,
          })}
          {title.held && ` ${tr('ui.title.heldWhere', { where: title.held.where })}`}
        </p>
        {title.price && (
          <p>{tr('ui.title.price', { price: formatMoney(locale, title.price.amount, title.price.currency) })}</p>
        )}
        {title.ils && (
          <p>
            <IlsPlace page={page} place={{ ...title.ils, ils: title.ils.system }} />
          </p>
        )}
      </section>

      {title.requesters && (
        <section aria-labelledby="who">
          <h2 id="who">{tr('ui.title.requesters', { count: title.requesters.length })}</h2>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{tr('ui.title.who')}</th>
                <th scope="col">{tr('ui.title.reason')}</th>
                <th scope="col">{tr('ui.title.edition')}</th>
                <th scope="col">{tr('ui.title.format')}</th>
                <th scope="col">{tr('ui.title.needBy')}</th>
                <th scope="col">{tr('ui.title.course')}</th>
              </tr>
            </thead>
            <tbody>
              {title.requesters.map((r) => (
                <tr>
                  <th scope="row" style="font-weight:400">
                    {r.displayName ?? r.externalId}
                    <span class="reason">{[category(r.category), r.department].filter(Boolean).join(' · ')}</span>
                  </th>
                  <td>
                    {r.reason ?? <span class="muted">{tr('ui.title.none')}</span>}
                    {r.staffNote && (
                      <span class="reason">
                        {tr('ui.title.staffNote')}: {r.staffNote}
                      </span>
                    )}
                    {r.pickupBranch && (
                      <span class="reason">
                        {tr('ui.title.pickup')}: {branchName(r.pickupBranch)}
                      </span>
                    )}
                  </td>
                  <td>{editionLine({ ...r, publishedYear: r.year }) ?? '–'}</td>
                  <td>{FORMAT_KEYS.has(r.format) ? tr(`ui.format.${r.format as Format}`) : r.format}</td>
                  <td>{r.needBy ?? '–'}</td>
                  <td>{r.course ? `${r.course.code}${r.course.enrolment ? ` (${r.course.enrolment})` : ''}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {title.feedback && (
        <section aria-labelledby="said">
          <h2 id="said">{tr('ui.title.feedback', { yes: title.feedback.yes, no: title.feedback.no })}</h2>
          {title.feedback.notes && title.feedback.notes.length > 0 && (
            <ul>
              {title.feedback.notes.map((n) => (
                <li>
                  {n.answer === 'yes' ? tr('ui.feedback.yes') : tr('ui.feedback.no')}: “{n.note}”
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="history">
        <h2 id="history">{tr('ui.title.history')}</h2>
        <ol class="timeline" aria-labelledby="history">
          {(title.history ?? []).map((e) => (
            <li>
              <strong>{statusName(workflow, e.to, locale)}</strong>{' '}
              <time datetime={e.at}>{formatDate(locale, e.at)}</time>
              {e.reason && <span> {reasonText(workflow, e.reason, locale)}</span>}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

export const titlePages = new Hono<UiEnv>().get('/titles/:id', requireSignIn('readTitles'), async (c) => {
  const id = Number(c.req.param('id'));
  if (!/^[1-9]\d{0,15}$/.test(c.req.param('id'))) return notFoundPage(c);
  const page = pageOf(c);
  const deps = c.get('deps');
  const principal = c.get('session')!.principal;
  let title: Title;
  try {
    title = await fullTitle(deps, principal, id);
  } catch (error) {
    // Another department's title is not found for a liaison, as in the API.
    if (error instanceof ApiError) return notFoundPage(c);
    throw error;
  }
  // The score's parts and reason, as the buy list works them out for this one title.
  const list = await buildBuyList(deps, { titleId: id, limit: 1, assignment: null, locale: page.locale });
  return render(
    c,
    <TitlePage
      page={page}
      title={title}
      row={list.items[0]}
      workflow={deps.workflow}
      branches={deps.config.PICKUP_BRANCHES}
    />,
  );
});
