import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { departmentScope } from '../../services/access/department-scope.js';
import { buildDigest, renderDigest } from '../../services/digests.js';
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
