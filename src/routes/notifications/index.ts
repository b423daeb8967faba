import { createRouter } from '../router.js';
import * as handlers from './notifications.handlers.js';
import * as routes from './notifications.routes.js';

export const notificationsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.retry, handlers.retry)
  .openapi(routes.retryDead, handlers.retryDead);
