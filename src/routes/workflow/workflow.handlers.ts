import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import type * as routes from './workflow.routes.js';

export const get: RouteHandler<typeof routes.get, AppEnv> = (c) => c.json(c.get('deps').workflow, 200);
