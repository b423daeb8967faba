import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import type { LOCALES } from '../../domain/locale.js';
import { departmentScope } from '../../services/access/department-scope.js';
import { type Department, updateDepartment } from '../../services/departments.js';
import { buildDigest, renderDigest } from '../../services/digests.js';
import { ApiError } from '../../errors.js';
import type * as routes from './departments.routes.js';

export const getDigest: RouteHandler<typeof routes.getDigest, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const principal = c.get('principal');
  const { code } = c.req.valid('param');
  departmentScope(principal, 'readDigest', code);
  const digest = await buildDigest(deps, code, deps.clock());
  const rendered = renderDigest(deps, digest);
  const { format } = c.req.valid('query');
  if (format === 'html') return c.html(rendered.html, 200);
  if (format === 'text') return c.text(rendered.text, 200);
  const list = digest.buyList;
  return c.json(
    {
      department: digest.department,
      period: { from: digest.period.from.toISOString(), to: digest.period.to.toISOString() },
      quiet: digest.quiet,
      subject: rendered.subject,
      newRequests: digest.newRequests,
      decisions: digest.decisions.map((d) => ({
        titleId: d.titleId,
        title: d.title,
        status: d.status,
        reason: d.reason,
        at: d.at.toISOString(),
      })),
      top: list.items.map((i) => ({
        rank: i.rank,
        titleId: i.titleId,
        title: i.title,
        score: i.score,
        reason: i.reason,
      })),
      budget: { currency: list.currency, budget: list.budget, committed: list.committed, remaining: list.remaining },
      requestChart: digest.requestChart,
      loanChart: digest.loanChart,
      text: rendered.text,
      html: rendered.html,
    },
    200,
  );
};

export const update: RouteHandler<typeof routes.update, AppEnv> = async (c) => {
  const { code } = c.req.valid('param');
  const department = await updateDepartment(c.get('deps').db, code, c.req.valid('json'));
  if (!department) throw new ApiError('not-found', `There is no department ${code}.`);
  return c.json(departmentJson(department), 200);
};

export const departmentJson = (d: Department) => ({
  code: d.code,
  name: d.name,
  fund: d.fund,
  budget: d.budgetCents === null ? null : d.budgetCents / 100,
  liaisonEmail: d.liaisonEmail,
  locale: d.locale as (typeof LOCALES)[number],
});
