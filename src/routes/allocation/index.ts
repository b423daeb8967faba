import { createRouter } from '../router.js';
import * as handlers from './allocation.handlers.js';
import * as routes from './allocation.routes.js';

export const allocationRouter = createRouter().openapi(routes.get, handlers.get);
