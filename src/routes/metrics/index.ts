import { createRouter } from '../router.js';
import * as handlers from './metrics.handlers.js';
import * as routes from './metrics.routes.js';

export const metricsRouter = createRouter().openapi(routes.get, handlers.get);
