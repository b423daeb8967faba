// The API tokens as an admin manages them: who each speaks for, when it was last used, and
// revoking one, which ends its API calls and the browser sessions it opened at once. The
// same as `r2b token list` and `r2b token revoke`, for where there is no command line (Workers).
import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../db/schema.js';
import { allow } from '../router.js';
import { authProblems, IdParam, problem } from '../schemas.js';

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
