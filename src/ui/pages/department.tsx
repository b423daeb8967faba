// A department's view, for its liaison (and the library's staff): what its people asked for
// lately, what was decided, what ranks highest, the budget, demand by discipline, and the
// digest as it would be mailed now.
import { Hono } from 'hono';
import type { Principal } from '../../context.js';
import { mayFor } from '../../domain/access.js';
import { titleName } from '../../domain/title-name.js';
import { ApiError } from '../../errors.js';
import { listDepartments } from '../../services/departments.js';
import { buildDigest, type Digest, renderDigest } from '../../services/digests.js';
import { BarChart, formatDate, statusName } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';
import { BudgetBar } from './buylist.js';
import { forbiddenPage, notFoundPage } from './errors.js';

function DepartmentPage(props: { page: Page; digest: Digest; canPreview: boolean; deps: UiEnv['Variables']['deps'] }) {
  const { page, digest, deps } = props;
  const { tr } = page;
  const workflow = deps.workflow;
  const code = encodeURIComponent(digest.department.code);
  return (
    <Layout page={page} title={digest.department.name}>
      <h1>{digest.department.name}</h1>
      <p class="lede">
        {tr('ui.dept.period', {
          from: formatDate(page.locale, digest.period.from),
          to: formatDate(page.locale, digest.period.to),
        })}
      </p>
      <BudgetBar page={page} list={digest.buyList} />
      <h2>{tr('ui.dept.top')}</h2>
      {digest.buyList.items.length === 0 ? (
        <p class="muted">{tr('ui.dept.none')}</p>
      ) : (
        <ol>
          {digest.buyList.items.map((item) => (
            <li>
              <strong>
                <a href={`/titles/${item.titleId}`}>{titleName(item, page.locale)}</a>
              </strong>{' '}
              {item.score !== null && <span class="muted">({item.score.toFixed(1)})</span>}
              {item.reason && <span class="reason muted"> {item.reason}</span>}
            </li>
          ))}
        </ol>
      )}
      <div class="row" style="align-items:flex-start;gap:32px">
        <section style="flex:1;min-width:280px" aria-labelledby="new">
          <h2 id="new">{tr('ui.dept.new', { count: digest.newRequests.length })}</h2>
          {digest.newRequests.length === 0 ? (
            <p class="muted">{tr('ui.dept.none')}</p>
          ) : (
            <ul>
              {digest.newRequests.map((r) => (
                <li>
                  {r.title} <span class="muted">{tr('ui.dept.requesters', { count: r.requesters })}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section style="flex:1;min-width:280px" aria-labelledby="decided">
          <h2 id="decided">{tr('ui.dept.decisions', { count: digest.decisions.length })}</h2>
          {digest.decisions.length === 0 ? (
            <p class="muted">{tr('ui.dept.none')}</p>
          ) : (
            <ul>
              {digest.decisions.map((d) => (
                <li>
                  {d.title}: <strong>{statusName(workflow, d.status, page.locale)}</strong>
                  {d.said && <span class="muted"> ({d.said})</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <h2>{tr('ui.dept.requestsChart')}</h2>
      <BarChart
        caption={tr('ui.dept.requestsChart')}
        bars={digest.requestChart}
        current={tr('ui.dept.thisPeriod')}
        previous={tr('ui.dept.previousPeriod')}
        none={tr('ui.dept.none')}
      />
      <h2>{tr('ui.dept.loansChart', { month: digest.loanChart.month, previous: digest.loanChart.previous })}</h2>
      <BarChart
        caption={tr('ui.dept.loansChart', { month: digest.loanChart.month, previous: digest.loanChart.previous })}
        bars={digest.loanChart.bars}
        current={digest.loanChart.month}
        previous={digest.loanChart.previous}
        none={tr('ui.dept.none')}
      />
      {props.canPreview && (
        <section class="card" aria-labelledby="digest">
          <h2 id="digest" style="margin-top:0">
            {tr('ui.dept.digest')}
          </h2>
          <p>
            {digest.quiet
              ? tr('ui.dept.digestQuiet')
              : tr('ui.dept.digestTo', { email: digest.department.liaisonEmail ?? '–' })}
          </p>
          <p class="row">
            <a class="button secondary" href={`/departments/${code}/digest`}>
              {tr('ui.dept.preview')}
            </a>
            <a class="button secondary" href={`/departments/${code}/digest?as=text`}>
              {tr('ui.dept.previewText')}
            </a>
          </p>
        </section>
      )}
    </Layout>
  );
}

function DepartmentsIndex(props: { page: Page; departments: { code: string; name: string; liaison: boolean }[] }) {
  const { tr } = props.page;
  return (
    <Layout page={props.page} title={tr('ui.nav.departments')} narrow>
      <h1>{tr('ui.nav.departments')}</h1>
      <ul>
        {props.departments.map((d) => (
          <li>
            <a href={`/departments/${encodeURIComponent(d.code)}`}>{d.name}</a>{' '}
            <span class="muted">
              {d.code}
              {d.liaison ? '' : ` · ${tr('ui.dept.noLiaison')}`}
            </span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const mayView = (p: Principal, code: string) => mayFor(p, 'readDepartment', code);
const mayPreview = (p: Principal, code: string) => mayFor(p, 'readDigest', code);

async function digestOr404(c: UiContext, code: string, reader?: Page['locale']): Promise<Digest | Response> {
  try {
    return await buildDigest(c.get('deps'), code, c.get('deps').clock(), reader);
  } catch (error) {
    if (error instanceof ApiError && error.type === 'not-found') return notFoundPage(c);
    throw error;
  }
}

export const departmentPages = new Hono<UiEnv>()
  .get('/departments', requireSignIn('listDepartments'), async (c) => {
    const rows = await listDepartments(c.get('deps').db, 'name');
    const departments = rows.map((r) => ({ code: r.code, name: r.name, liaison: r.liaisonEmail !== null }));
    return render(c, <DepartmentsIndex page={pageOf(c)} departments={departments} />);
  })
  .get('/departments/:code', requireSignIn('readDepartment'), async (c) => {
    const page = pageOf(c);
    const code = c.req.param('code');
    if (!mayView(page.principal!, code)) return forbiddenPage(c);
    const digest = await digestOr404(c, code, page.locale);
    if (digest instanceof Response) return digest;
    return render(
      c,
      <DepartmentPage
        page={page}
        digest={digest}
        canPreview={mayPreview(page.principal!, code)}
        deps={c.get('deps')}
      />,
    );
  })
  // The digest exactly as it would be mailed now, in the department's language.
  .get('/departments/:code/digest', requireSignIn('readDigest'), async (c) => {
    const page = pageOf(c);
    const code = c.req.param('code');
    if (!mayPreview(page.principal!, code)) return forbiddenPage(c);
    const digest = await digestOr404(c, code);
    if (digest instanceof Response) return digest;
    const rendered = renderDigest(c.get('deps'), digest);
    if (c.req.query('as') === 'text') return c.text(rendered.text);
    return c.html(rendered.html);
  });
