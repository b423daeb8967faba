// GET /api/v1/departments/{code}/digest: the department's digest as it would be sent now, for
// its liaison (or an admin) to read before Monday's mail: JSON, or the HTML or text itself.
import { createRoute, z } from '@hono/zod-openapi';
import { documentHeaders } from '../../security-headers.js';
import { allow } from '../router.js';
import { authProblems, problem } from '../schemas.js';

const BarSchema = z.object({
  discipline: z.string(),
  name: z.string(),
  current: z.number().int(),
  previous: z.number().int(),
});

const DigestSchema = z
  .object({
    department: z.object({
      code: z.string(),
      name: z.string(),
      locale: z.string(),
      liaisonEmail: z.string().nullable(),
    }),
    period: z.object({ from: z.string(), to: z.string() }),
    quiet: z.boolean().openapi({ description: 'nothing asked or decided: no mail unless DIGEST_SEND_QUIET' }),
    subject: z.string(),
    newRequests: z.array(z.object({ titleId: z.number().int(), title: z.string(), requesters: z.number().int() })),
    decisions: z.array(
      z.object({
        titleId: z.number().int(),
        title: z.string(),
        status: z.string(),
        reason: z.string().nullable(),
        at: z.string(),
      }),
    ),
    top: z.array(
      z.object({
        rank: z.number().int(),
        titleId: z.number().int(),
        title: z.string().nullable(),
        score: z.number().nullable(),
        reason: z.string(),
      }),
    ),
    budget: z.object({
      currency: z.string(),
      budget: z.number().nullable(),
      committed: z.number(),
      remaining: z.number().nullable(),
    }),
    requestChart: z.array(BarSchema),
    loanChart: z.object({ month: z.string(), previous: z.string(), bars: z.array(BarSchema) }),
    text: z.string(),
    html: z.string(),
  })
  .openapi('Digest');

export const getDigest = createRoute({
  method: 'get',
  path: '/departments/{code}/digest',
  tags: ['Digests'],
  summary: "A department's digest as it would be sent now",
  security: [{ bearer: [] }],
  // The HTML preview is a document in a browser like the pages, with the same protections.
  middleware: [documentHeaders, allow('readDigest')] as const,
  request: {
    params: z.object({
      code: z
        .string()
        .min(1)
        .max(40)
        .openapi({ param: { name: 'code', in: 'path' }, example: 'CS' }),
    }),
    query: z.object({ format: z.enum(['json', 'html', 'text']).default('json') }),
  },
  responses: {
    200: {
      content: {
        'application/json': { schema: DigestSchema },
        'text/html': { schema: z.string() },
        'text/plain': { schema: z.string() },
      },
      description: 'The digest',
    },
    ...authProblems,
    404: problem('not-found', 'No such department', 'There is no department PHIL.'),
  },
});
