// Pages leave as whole HTML documents, with the doctype JSX cannot write.
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { UiContext } from './context.js';

export async function render(c: UiContext, element: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(`<!doctype html>${await String(element)}`, status);
}
