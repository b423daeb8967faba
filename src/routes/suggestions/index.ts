import { createRouter } from '../router.js';
import * as handlers from './suggestions.handlers.js';
import * as routes from './suggestions.routes.js';

export const suggestionsRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.edit, handlers.edit)
  .openapi(routes.withdraw, handlers.withdraw);
