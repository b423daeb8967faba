// /tokens: the API tokens as an admin manages them where there is no command line (Workers):
// each with whom it speaks for, when it was made and last used; a staff token made with its
// secret shown once; one revoked, which ends its calls and the sessions it opened at once.
import { Hono } from 'hono';
import { ApiError } from '../../errors.js';
import { TokenCreateSchema } from '../../routes/tokens/tokens.routes.js';
import { listDepartments } from '../../services/departments.js';
import {
  createStaffToken,
  listTokens,
  revokeToken,
  STAFF_ROLES,
  type TokenListing,
} from '../../services/access/tokens.js';
import { Csrf, ErrorSummary, Field, type FieldErrors, formatDate } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn, setFlash, takeFlash } from '../middleware.js';
import { render } from '../render.js';
import { forgeryRefused } from './errors.js';

interface FormValues {
  role: string;
  label: string;
  externalId: string;
  department: string;
}

const EMPTY: FormValues = { role: 'selector', label: '', externalId: '', department: '' };

function CreateForm(props: {
  page: Page;
  values: FormValues;
  errors: FieldErrors;
  departments: { code: string; name: string }[];
}) {
  const { page, values, errors } = props;
  const { tr } = page;
  return (
    <form method="post" action="/tokens" class="card" aria-labelledby="new-token">
      <h2 id="new-token" style="margin-top:0">
        {tr('ui.tokens.new')}
      </h2>
      <ErrorSummary page={page} errors={errors} />
      <Csrf page={page} />
      <Field id="t-role" label={tr('ui.tokens.role')} error={errors['t-role']}>
        {(described) => (
          <select id="t-role" name="role" {...described}>
            {STAFF_ROLES.map((role) => (
              <option value={role} selected={values.role === role}>
                {tr(`ui.role.${role}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="t-label" label={tr('ui.tokens.label')} error={errors['t-label']}>
        {(described) => (
          <input type="text" id="t-label" name="label" value={values.label} maxlength={120} required {...described} />
        )}
      </Field>
      <Field
        id="t-externalId"
        label={tr('ui.tokens.externalId')}
        hint={tr('ui.tokens.externalIdHint')}
        error={errors['t-externalId']}
      >
        {(described) => (
          <input
            type="text"
            id="t-externalId"
            name="externalId"
            value={values.externalId}
            maxlength={120}
            {...described}
          />
        )}
      </Field>
      <Field
        id="t-department"
        label={tr('ui.tokens.department')}
        hint={tr('ui.tokens.departmentHint')}
        error={errors['t-department']}
      >
        {(described) => (
          <select id="t-department" name="department" {...described}>
            <option value="">{tr('ui.tokens.noDepartment')}</option>
            {props.departments.map((d) => (
              <option value={d.code} selected={values.department === d.code}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit">{tr('ui.tokens.create')}</button>
    </form>
  );
}

/** Whose a token is, as the list and its messages name it. */
function tokenName(token: TokenListing): string {
  return token.label ?? token.patron?.displayName ?? token.patron?.externalId ?? `#${token.id}`;
}

function TokenRows(props: { page: Page; tokens: TokenListing[] }) {
  const { page, tokens } = props;
  const { tr } = page;
  const date = (at: Date | null) => (at ? formatDate(page.locale, at) : '–');
  return (
    <table class="list">
      <caption>{tr('ui.tokens.caption', { count: tokens.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{tr('ui.tokens.label')}</th>
          <th scope="col">{tr('ui.tokens.role')}</th>
          <th scope="col">{tr('ui.tokens.created')}</th>
          <th scope="col">{tr('ui.tokens.lastUsed')}</th>
          <th scope="col">{tr('ui.buylist.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => {
          const name = tokenName(token);
          return (
            <tr class={token.revokedAt ? 'over' : undefined}>
              <td>
                {name}
                {token.patron && token.patron.externalId !== name && (
                  <span class="reason">{token.patron.externalId}</span>
                )}
              </td>
              <td>
                {tr(`ui.role.${token.role}`)}
                {token.departmentCode && ` · ${token.departmentCode}`}
              </td>
              <td>{date(token.createdAt)}</td>
              <td>{date(token.lastUsedAt)}</td>
              <td>
                {token.revokedAt ? (
                  tr('ui.tokens.revokedOn', { date: date(token.revokedAt) })
                ) : (
                  <form method="post" action={`/tokens/${token.id}/revoke`}>
                    <Csrf page={page} />
                    <button type="submit" class="small danger" aria-label={tr('ui.tokens.revokeOne', { name })}>
                      {tr('ui.tokens.revoke')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

async function tokensPage(
  c: UiContext,
  state: { values: FormValues; errors: FieldErrors; made: { token: string; name: string } | null },
  status: 200 | 422 = 200,
) {
  const page = pageOf(c);
  const { tr } = page;
  const { db } = c.get('deps');
  const departments = await listDepartments(db, 'name');
  return render(
    c,
    <Layout page={page} title={tr('ui.tokens.title')} flash={takeFlash(c)}>
      <h1>{tr('ui.tokens.title')}</h1>
      <p class="lede">{tr('ui.tokens.lede')}</p>
      {state.made && (
        <div class="card" role="status" aria-labelledby="made">
          <h2 id="made" style="margin-top:0">
            {tr('ui.tokens.made', { name: state.made.name })}
          </h2>
          <p>{tr('ui.tokens.once')}</p>
          <p>
            <label for="secret" class="label">
              {tr('ui.tokens.secret')}
            </label>
            <input type="text" id="secret" class="wide" readonly value={state.made.token} />
          </p>
        </div>
      )}
      <CreateForm page={page} values={state.values} errors={state.errors} departments={departments} />
      <TokenRows page={page} tokens={await listTokens(db)} />
    </Layout>,
    status,
  );
}

export const tokenPages = new Hono<UiEnv>()
  .get('/tokens', requireSignIn('manageTokens'), (c) => tokensPage(c, { values: EMPTY, errors: {}, made: null }))
  .post('/tokens', requireSignIn('manageTokens'), async (c) => {
    const form = await c.req.parseBody();
    const refused = forgeryRefused(c, form);
    if (refused) return refused;
    const { tr } = pageOf(c);
    const text = (name: keyof FormValues) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
    const values: FormValues = {
      role: text('role'),
      label: text('label'),
      externalId: text('externalId'),
      department: text('department'),
    };
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    const parsed = TokenCreateSchema.safeParse(given);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        errors[`t-${field}`] ??=
          field === 'label' && issue.code === 'invalid_type'
            ? tr('ui.tokens.labelNeeded')
            : issue.code === 'too_big'
              ? tr('ui.form.tooLong', { max: Number(issue.maximum) })
              : tr('ui.form.choose');
      }
      return tokensPage(c, { values, errors, made: null }, 422);
    }
    const { db, clock } = c.get('deps');
    try {
      const made = await createStaffToken(db, parsed.data, clock());
      // The secret is in this answer only: not in a cookie for a redirect, nor in any cache.
      c.header('cache-control', 'no-store');
      return tokensPage(c, { values: EMPTY, errors: {}, made: { token: made.token, name: parsed.data.label } });
    } catch (error) {
      if (!(error instanceof ApiError) || error.type !== 'validation') throw error;
      const detail = values.department ? tr('ui.tokens.noSuchDepartment') : tr('ui.tokens.departmentNeeded');
      return tokensPage(c, { values, errors: { 't-department': detail }, made: null }, 422);
    }
  })
  .post('/tokens/:id{[0-9]{1,12}}/revoke', requireSignIn('manageTokens'), async (c) => {
    const refused = forgeryRefused(c, await c.req.parseBody());
    if (refused) return refused;
    const { db, clock } = c.get('deps');
    const { tr } = pageOf(c);
    try {
      const token = await revokeToken(db, Number(c.req.param('id')), clock());
      setFlash(c, tr('ui.tokens.revoked', { name: tokenName(token) }));
    } catch (error) {
      if (!(error instanceof ApiError) || error.type !== 'not-found') throw error;
      setFlash(c, tr('ui.tokens.gone'));
    }
    return c.redirect('/tokens', 303);
  });
