// GET /api/v1/departments/{code}/digest: the department's digest as it would be sent now, for
// its liaison (or an admin) to read before Monday's mail: JSON, or the HTML or text itself.
import { createRoute, z } from '@hono/zod-openapi';
import { LOCALES } from '../../domain/locale.js';
import { controlCharacterIn } from '../../domain/imported-text.js';
import { documentHeaders } from '../../security-headers.js';
import { allow } from '../router.js';
import { authProblems, parameterProblem, problem } from '../schemas.js';

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

const CodeParam = z.object({
  code: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'code', in: 'path' }, example: 'CS' }),
});

const DepartmentSchema = z
  .object({
    code: z.string().openapi({ example: 'CS' }),
    name: z.string().openapi({ example: 'Computer Science' }),
    fund: z.string().nullable().openapi({ example: 'CS-MONO' }),
    budget: z.number().nullable().openapi({ description: "in the library's currency", example: 12000 }),
    liaisonEmail: z.string().nullable().openapi({ example: 'liaison-cs@university.example.edu' }),
    locale: z.enum(LOCALES).openapi({ description: "the language of the liaison's digest" }),
  })
  .openapi('Department');

/**
 * A department's budget, fund and liaison as an admin sets them: the API's body, and the
 * departments page's form read into the same schema. A field left out stays; null clears it.
 */
export const DepartmentChangeSchema = z
  .object({
    fund: z
      .string()
      .trim()
      .max(60)
      .refine((v) => !controlCharacterIn('fund', v), 'A fund code is printable text.')
      .nullable()
      .optional()
      .openapi({ example: 'CS-MONO' }),
    budget: z
      .number()
      .nonnegative()
      .max(1e12)
      .multipleOf(0.01)
      .nullable()
      .optional()
      .openapi({ description: "in the library's currency; null for none", example: 12000 }),
    liaisonEmail: z.email().max(254).nullable().optional().openapi({
      description: "where the department's digest goes; null for no digest",
      example: 'liaison-cs@university.example.edu',
    }),
    locale: z.enum(LOCALES).optional().openapi({ description: "the language of the liaison's digest" }),
  })
  .openapi('DepartmentChange');

export const update = createRoute({
  method: 'patch',
  path: '/departments/{code}',
  tags: ['Digests'],
  summary: "Set a department's budget, fund or liaison",
  security: [{ bearer: [] }],
  middleware: [allow('editDepartments')] as const,
  request: {
    params: CodeParam,
    body: { content: { 'application/json': { schema: DepartmentChangeSchema } }, required: true },
  },
  responses: {
    200: { content: { 'application/json': { schema: DepartmentSchema } }, description: 'The department as it now is' },
    ...authProblems,
    404: problem('not-found', 'No such department', 'There is no department PHIL.'),
    422: parameterProblem('Invalid change', 'liaisonEmail', 'Invalid email address'),
  },
});
