import { createRouter } from '../router.js';
import * as handlers from './buylist.handlers.js';
import * as routes from './buylist.routes.js';

export const buyListRouter = createRouter().openapi(routes.get, handlers.get);
