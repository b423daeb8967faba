// The API tokens as an admin manages them: who each speaks for, when it was last used, and
// revoking one, which ends its API calls and the browser sessions it opened at once. The
// same as `r2b token list` and `r2b token revoke`, for where there is no command line (Workers).
import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema.js';
import { STAFF_ROLES } from '../../services/access/tokens.js';
import { allow } from '../router.js';
import { authProblems, IdParam, parameterProblem, problem } from '../schemas.js';

const TokenSchema = z
  .object({
    id: z.number().int().openapi({ example: 7 }),
    role: z.enum(ROLES),
    label: z.string().nullable().openapi({ example: 'Priya Shah' }),
    patron: z
      .object({ externalId: z.string(), displayName: z.string().nullable() })
      .nullable()
      .openapi({ description: 'the person the token speaks for, if any' }),
    department: z.string().nullable().openapi({ description: 'the department a liaison speaks for' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z
      .string()
      .nullable()
      .openapi({ format: 'date-time', description: 'to the hour; null if not used since this was recorded' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Token', { description: 'An API token, never its secret' });

/**
 * A staff token to make: the API's body, and the tokens page's form parsed with the same schema.
 * Patrons sign in through the library's sign-in, so their tokens stay the CLI's
 * (`r2b token create --role patron`).
 */
export const TokenCreateSchema = z
  .object({
    role: z.enum(STAFF_ROLES),
    label: z.string().trim().min(1).max(120).openapi({ description: 'whose or what it is', example: 'Priya Shah' }),
    externalId: z.string().trim().max(120).optional().openapi({
      description:
        "the person's id in the library's identity system: a selector's assignment (SELECTORS_FILE) and the history name them by it",
      example: 'pshah',
    }),
    department: z
      .string()
      .trim()
      .max(40)
      .optional()
      .openapi({ description: 'the department a liaison speaks for (required for a liaison)', example: 'CS' }),
  })
  .openapi('TokenCreate');

export const create = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['Operations'],
  summary: 'Make a staff token; its secret is in this answer and never again',
  security: [{ bearer: [] }],
  middleware: [allow('manageTokens')] as const,
  request: { body: { content: { 'application/json': { schema: TokenCreateSchema } }, required: true } },
  responses: {
    201: {
      content: {
        'application/json': {
          schema: z.object({
            token: z.string().openapi({ description: 'the secret: shown once, stored only as its hash' }),
            listing: TokenSchema,
          }),
        },
      },
      description: 'Made',
    },
    ...authProblems,
    422: parameterProblem('Invalid token', 'department', 'A liaison token needs the department it speaks for.'),
  },
});

export const list = createRoute({
  method: 'get',
  path: '/tokens',
  tags: ['Operations'],
  summary: 'Every API token, newest first, revoked ones included',
  security: [{ bearer: [] }],
  middleware: [allow('manageTokens')] as const,
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ items: z.array(TokenSchema) }) } },
      description: 'Tokens',
    },
    ...authProblems,
  },
});

export const revoke = createRoute({
  method: 'post',
  path: '/tokens/{id}/revoke',
  tags: ['Operations'],
  summary: 'Revoke a token: its API calls and the browser sessions it opened end at once',
  description: 'Revoking a revoked token changes nothing and answers it as it is.',
  security: [{ bearer: [] }],
  middleware: [allow('manageTokens')] as const,
  request: { params: IdParam },
  responses: {
    200: { content: { 'application/json': { schema: TokenSchema } }, description: 'Revoked' },
    ...authProblems,
    404: problem('not-found', 'No token with this id', 'There is no token 12.'),
  },
});
