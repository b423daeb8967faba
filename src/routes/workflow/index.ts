import { createRouter } from '../router.js';
import * as handlers from './workflow.handlers.js';
import * as routes from './workflow.routes.js';

export const workflowRouter = createRouter().openapi(routes.get, handlers.get);
