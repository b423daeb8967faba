import { createRouter } from '../router.js';
import * as handlers from './lookup.handlers.js';
import * as routes from './lookup.routes.js';

export const lookupRouter = createRouter().openapi(routes.lookup, handlers.lookup);
