import { createRouter } from '../router.js';
import * as handlers from './reports.handlers.js';
import * as routes from './reports.routes.js';

export const reportsRouter = createRouter().openapi(routes.get, handlers.get);
