import { createRouter } from '../router.js';
import * as handlers from './titles.handlers.js';
import * as routes from './titles.routes.js';

export const titlesRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.changeStatus, handlers.changeStatus)
  .openapi(routes.confirmIsbn, handlers.confirmIsbn)
  .openapi(routes.edit, handlers.edit)
  .openapi(routes.endorse, handlers.endorse)
  .openapi(routes.withdrawEndorsement, handlers.withdrawEndorsement)
  .openapi(routes.merge, handlers.merge)
  .openapi(routes.split, handlers.split)
  .openapi(routes.rejectProposal, handlers.rejectProposal);
