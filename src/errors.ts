// The one error type of the API and its rendering as RFC 9457 problem details. Handlers throw
// ApiError; app.ts turns it (and anything else) into application/problem+json. Nothing thrown
// ever reaches a client as a stack trace.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const PROBLEMS = {
  validation: { status: 422, title: 'The request has invalid fields' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'bad-request': { status: 400, title: 'The request cannot be read' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Not allowed for this role' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'duplicate-suggestion': { status: 409, title: 'You have already suggested this title' },
  'already-held': { status: 409, title: 'The library already has this title' },
  'already-reviewed': { status: 409, title: 'A selector has already reviewed this suggestion' },
  'forbidden-move': { status: 409, title: 'The workflow does not allow this change' },
  'not-configured': { status: 409, title: 'The library has not set this up' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'suggestion-limit': { status: 429, title: 'Suggestion limit reached' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  unavailable: { status: 503, title: 'Not ready' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemType = keyof typeof PROBLEMS;

/** Where a field error points: a JSON Pointer into the body (`/isbn`) or a query parameter. */
export interface FieldError {
  pointer: string;
  detail: string;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.status = PROBLEMS[type].status;
  }
}

export function validationError(errors: FieldError[], detail?: string): ApiError {
  // Each error by where it is: the body's field, else the query or path parameter's name.
  const where = (e: FieldError) => e.pointer || (typeof e['parameter'] === 'string' ? e['parameter'] : '');
  const summary = detail ?? errors.map((e) => (where(e) ? `${where(e)}: ${e.detail}` : e.detail)).join('; ');
  return new ApiError('validation', summary, { errors });
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemBody(baseUrl: string, error: ApiError, instance?: string, requestId?: string): ProblemBody {
  return {
    type: `${baseUrl.replace(/\/$/, '')}/problems/${error.type}`,
    title: PROBLEMS[error.type].title,
    status: error.status,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    ...error.extensions,
    // The line the server logged for this request carries the same id: what a librarian quotes
    // when they report it.
    ...(requestId ? { requestId } : {}),
  };
}

export function problemResponse(c: Context, baseUrl: string, error: ApiError): Response {
  const body = problemBody(baseUrl, error, new URL(c.req.url).pathname, c.get('requestId') as string | undefined);
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...error.headers },
  });
}
