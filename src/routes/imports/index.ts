import { createRouter } from '../router.js';
import * as handlers from './imports.handlers.js';
import * as routes from './imports.routes.js';

export const importsRouter = createRouter()
  .openapi(routes.loans, handlers.loans)
  .openapi(routes.holdings, handlers.holdings)
  .openapi(routes.suggestions, handlers.suggestions)
  .openapi(routes.readingLists, handlers.readingLists)
  .openapi(routes.departments, handlers.departments)
  .openapi(routes.ill, handlers.ill)
  .openapi(routes.catalogue, handlers.catalogue);
