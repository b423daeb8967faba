import { createRouter } from '../router.js';
import * as handlers from './catalogue.handlers.js';
import * as routes from './catalogue.routes.js';

export const catalogueRouter = createRouter()
  .openapi(routes.search, handlers.search)
  .openapi(routes.suggest, handlers.suggest)
  .openapi(routes.list, handlers.list)
  .openapi(routes.remove, handlers.remove);
