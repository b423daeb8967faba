import { createRouter } from '../router.js';
import * as handlers from './departments.handlers.js';
import * as routes from './departments.routes.js';

export const departmentsRouter = createRouter()
  .openapi(routes.getDigest, handlers.getDigest)
  .openapi(routes.update, handlers.update);
