// What every resource router shares: validation failures become one problem+json shape, and
// the auth middleware that says who is asking and whether their role may.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { type Action, may, rolesFor } from '../domain/access.js';
import { ApiError, type FieldError, validationError } from '../errors.js';
import { takeOrRefuse } from '../services/access/rate-limit.js';

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
  origin?: string;
  maximum?: number | bigint;
}

/** zod issues as field errors: a JSON Pointer for the body, the parameter's name otherwise. */
export function fieldErrors(issues: readonly Issue[], target: string): FieldError[] {
  return issues.flatMap((issue) => {
    // A JSON Pointer (RFC 6901): "" is the whole body, "/isbn" its isbn field.
    const at = (path: PropertyKey[]) =>
      target === 'json'
        ? { pointer: path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') }
        : { pointer: '', parameter: path.map(String).join('.') };
    // An unknown field is refused by name, so a typo ("titel") is obvious.
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        ...at([...issue.path, key]),
        detail: 'This field is not part of the request.',
      }));
    }
    // Text over its limit says what the limit is, so the caller knows how much to cut.
    if (issue.code === 'too_big' && issue.origin === 'string') {
      const max = Number(issue.maximum);
      return [
        {
          ...at(issue.path),
          detail: `At most ${max.toLocaleString('en')} characters are accepted here.`,
          maxLength: max,
        },
      ];
    }
    return [{ ...at(issue.path), detail: issue.message }];
  });
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldErrors(result.error.issues as Issue[], result.target));
    },
  });
}

/** Sets the principal; refuses requests without valid credentials (401). Runs for all of /api (app.ts). */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('principal', await c.get('authenticator').authenticate(c.req.header('authorization')));
  await next();
};

/**
 * Suggestions per caller, keyed on who authentication found ("token:3", "patron:12"), never on
 * how the credential was written: the same token with other spacing or case, or the browser
 * session it opened, shares one bucket. Runs after authentication (or the page's sign-in).
 */
export const intakeBrake: MiddlewareHandler<AppEnv> = async (c, next) => {
  takeOrRefuse(c.get('limits').intake, c.get('principal').actor);
  await next();
};

/** Refuses (403) a principal whose role may not do `action` (src/domain/access.ts). Runs after authenticate. */
export function allow(action: Action): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (!may(role, action)) {
      throw new ApiError(
        'forbidden',
        `This is for ${rolesFor(action).join(' or ')} accounts; this token is a ${role}'s.`,
      );
    }
    await next();
  };
}
