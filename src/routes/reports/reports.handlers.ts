import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { departmentScope } from '../../services/access/department-scope.js';
import { outcomesDownload } from '../../services/exports/outcomes-csv.js';
import { outcomesReport } from '../../services/outcomes.js';
import type * as routes from './reports.routes.js';

export const get: RouteHandler<typeof routes.get, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const query = c.req.valid('query');
  const report = await outcomesReport(deps, {
    from: query.from,
    to: query.to,
    department: departmentScope(c.get('principal'), 'readOutcomes', query.department),
  });
  if (query.format === 'json') return c.json(report, 200);
  const file = outcomesDownload(report);
  return c.body(file.body, 200, file.headers);
};
