// A department's view, for its liaison (and the library's staff): what its people asked for
// lately, what was decided, what ranks highest, the budget, demand by discipline, and the
// digest as it would be mailed now.
import { Hono } from 'hono';
import type { Principal } from '../../context.js';
import { may, mayFor } from '../../domain/access.js';
import { LOCALES } from '../../domain/locale.js';
import { BudgetParameter } from '../../routes/buylist/buylist.routes.js';
import { DepartmentChangeSchema } from '../../routes/departments/departments.routes.js';
import { titleName } from '../../domain/title-name.js';
import { ApiError } from '../../errors.js';
import {
  type Department,
  type DepartmentChange,
  findDepartment,
  listDepartments,
  updateDepartment,
} from '../../services/departments.js';
import { buildDigest, type Digest, renderDigest } from '../../services/digests.js';
import {
  BarChart,
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  formatDate,
  formatMoney,
  statusName,
} from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { type Flash, Layout } from '../layout.js';
import { requireSignIn, setFlash, takeFlash } from '../middleware.js';
import { render } from '../render.js';
import { BudgetBar } from './buylist.js';
import { forbiddenPage, forgeryRefused, notFoundPage } from './errors.js';

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

interface DepartmentRow {
  code: string;
  name: string;
  liaison: boolean;
}

function DepartmentsIndex(props: { page: Page; departments: Department[]; currency: string; flash: Flash | null }) {
  const { page } = props;
  const { tr } = page;
  const editing = !!page.principal && may(page.principal.role, 'editDepartments');
  const rows: DepartmentRow[] = props.departments.map((r) => ({
    code: r.code,
    name: r.name,
    liaison: r.liaisonEmail !== null,
  }));
  return (
    <Layout page={page} title={tr('ui.nav.departments')} narrow={!editing} flash={props.flash}>
      <h1>{tr('ui.nav.departments')}</h1>
      {editing ? (
        <DepartmentTable page={page} departments={props.departments} currency={props.currency} />
      ) : (
        <ul>
          {rows.map((d) => (
            <li>
              <a href={`/departments/${encodeURIComponent(d.code)}`}>{d.name}</a>{' '}
              <span class="muted">
                {d.code}
                {d.liaison ? '' : ` · ${tr('ui.dept.noLiaison')}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** For an admin: each department's fund, budget and liaison, each a link to change them. */
function DepartmentTable(props: { page: Page; departments: Department[]; currency: string }) {
  const { page } = props;
  const { tr } = page;
  return (
    <table class="list">
      <caption>{tr('ui.deptEdit.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{tr('ui.buylist.department')}</th>
          <th scope="col">{tr('ui.buylist.fund')}</th>
          <th scope="col" class="num">
            {tr('ui.deptEdit.budget', { currency: props.currency })}
          </th>
          <th scope="col">{tr('ui.deptEdit.liaison')}</th>
          <th scope="col">{tr('ui.buylist.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.departments.map((d) => (
          <tr>
            <td>
              <a href={`/departments/${encodeURIComponent(d.code)}`}>{d.name}</a>
              <span class="reason">{d.code}</span>
            </td>
            <td>{d.fund ?? '–'}</td>
            <td class="num">
              {d.budgetCents === null ? '–' : formatMoney(page.locale, d.budgetCents / 100, props.currency)}
            </td>
            <td>{d.liaisonEmail ?? tr('ui.dept.noLiaison')}</td>
            <td>
              <a
                class="button small secondary"
                href={`/departments/${encodeURIComponent(d.code)}/edit`}
                aria-label={tr('ui.deptEdit.editOne', { name: d.name })}
              >
                {tr('ui.deptEdit.edit')}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface EditValues {
  fund: string;
  budget: string;
  liaisonEmail: string;
  locale: string;
}

function valuesOf(d: Department): EditValues {
  return {
    fund: d.fund ?? '',
    budget: d.budgetCents === null ? '' : String(d.budgetCents / 100),
    liaisonEmail: d.liaisonEmail ?? '',
    locale: d.locale,
  };
}

function EditPage(props: {
  page: Page;
  department: Department;
  values: EditValues;
  errors: FieldErrors;
  currency: string;
}) {
  const { page, department, values, errors } = props;
  const { tr } = page;
  const code = encodeURIComponent(department.code);
  return (
    <Layout page={page} title={tr('ui.deptEdit.title', { name: department.name })} narrow>
      <p>
        <a href="/departments">{tr('ui.deptEdit.back')}</a>
      </p>
      <h1>{tr('ui.deptEdit.title', { name: department.name })}</h1>
      <form method="post" action={`/departments/${code}/edit`} novalidate>
        <ErrorSummary page={page} errors={errors} />
        <Csrf page={page} />
        <Field
          id="d-budget"
          label={tr('ui.deptEdit.budget', { currency: props.currency })}
          hint={tr('ui.deptEdit.budgetHint')}
          error={errors['d-budget']}
        >
          {(described) => (
            <input
              type="text"
              inputmode="decimal"
              id="d-budget"
              name="budget"
              value={values.budget}
              size={12}
              maxlength={20}
              {...described}
            />
          )}
        </Field>
        <Field id="d-fund" label={tr('ui.buylist.fund')} hint={tr('ui.deptEdit.fundHint')} error={errors['d-fund']}>
          {(described) => (
            <input type="text" id="d-fund" name="fund" value={values.fund} maxlength={60} {...described} />
          )}
        </Field>
        <Field
          id="d-liaisonEmail"
          label={tr('ui.deptEdit.liaison')}
          hint={tr('ui.deptEdit.liaisonHint')}
          error={errors['d-liaisonEmail']}
        >
          {(described) => (
            <input
              type="email"
              id="d-liaisonEmail"
              name="liaisonEmail"
              value={values.liaisonEmail}
              class="wide"
              maxlength={254}
              autocomplete="off"
              {...described}
            />
          )}
        </Field>
        <Field id="d-locale" label={tr('ui.deptEdit.locale')} error={errors['d-locale']}>
          {(described) => (
            <select id="d-locale" name="locale" {...described}>
              {LOCALES.map((l) => (
                <option value={l} selected={values.locale === l}>
                  {tr(`ui.deptEdit.locale.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{tr('ui.deptEdit.save')}</button>
      </form>
    </Layout>
  );
}

/** The form read into the API's change: an empty field clears it; what is wrong said beside its field. */
function changeFrom(
  page: Page,
  form: Record<string, unknown>,
): { values: EditValues; change: DepartmentChange | null; errors: FieldErrors } {
  const text = (name: keyof EditValues) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const values: EditValues = {
    fund: text('fund'),
    budget: text('budget'),
    liaisonEmail: text('liaisonEmail'),
    locale: text('locale'),
  };
  const errors: FieldErrors = {};
  const budget = BudgetParameter.safeParse(values.budget);
  if (!budget.success) errors['d-budget'] = page.tr('ui.buylist.budgetInvalid');
  const parsed = DepartmentChangeSchema.safeParse({
    fund: values.fund || null,
    budget: budget.success ? (budget.data ?? null) : null,
    liaisonEmail: values.liaisonEmail || null,
    locale: values.locale,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[`d-${field}`] ??=
        field === 'liaisonEmail'
          ? page.tr('ui.deptEdit.emailInvalid')
          : issue.code === 'too_big'
            ? page.tr('ui.form.tooLong', { max: Number(issue.maximum) })
            : field === 'locale'
              ? page.tr('ui.form.choose')
              : page.tr('ui.form.invalid');
    }
  }
  return { values, change: parsed.success && budget.success ? parsed.data : null, errors };
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
    const { db, config } = c.get('deps');
    return render(
      c,
      <DepartmentsIndex
        page={pageOf(c)}
        departments={await listDepartments(db, 'name')}
        currency={config.LIBRARY_CURRENCY}
        flash={takeFlash(c)}
      />,
    );
  })
  .get('/departments/:code/edit', requireSignIn('editDepartments'), async (c) => {
    const { db, config } = c.get('deps');
    const department = await findDepartment(db, c.req.param('code'));
    if (!department) return notFoundPage(c);
    return render(
      c,
      <EditPage
        page={pageOf(c)}
        department={department}
        values={valuesOf(department)}
        errors={{}}
        currency={config.LIBRARY_CURRENCY}
      />,
    );
  })
  .post('/departments/:code/edit', requireSignIn('editDepartments'), async (c) => {
    const form = await c.req.parseBody();
    const refused = forgeryRefused(c, form);
    if (refused) return refused;
    const { db, config } = c.get('deps');
    const page = pageOf(c);
    const department = await findDepartment(db, c.req.param('code'));
    if (!department) return notFoundPage(c);
    const { values, change, errors } = changeFrom(page, form);
    if (!change) {
      const props = { page, department, values, errors, currency: config.LIBRARY_CURRENCY };
      return render(c, <EditPage {...props} />, 422);
    }
    await updateDepartment(db, department.code, change);
    setFlash(c, page.tr('ui.deptEdit.saved', { name: department.name }));
    return c.redirect('/departments', 303);
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
