import { createRouter } from '../router.js';
import * as handlers from './ils.handlers.js';
import * as routes from './ils.routes.js';

export const ilsRouter = createRouter().openapi(routes.status, handlers.status).openapi(routes.retry, handlers.retry);
