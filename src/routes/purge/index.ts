import { createRouter } from '../router.js';
import * as handlers from './purge.handlers.js';
import * as routes from './purge.routes.js';

export const purgeRouter = createRouter().openapi(routes.purge, handlers.purge);
