// The library's workflow as data, so forms and integrations offer only the moves that exist
// and show statuses and reasons in the reader's language.
import { createRoute, z } from '@hono/zod-openapi';
import { authProblems } from '../schemas.js';

const LabelsSchema = z.object({ en: z.string(), 'zh-Hans': z.string().optional(), 'zh-Hant': z.string().optional() });

const WorkflowSchema = z
  .object({
    statuses: z.array(
      z.object({
        code: z.string(),
        stage: z.enum(['pending', 'active', 'closed']),
        reasonRequired: z.boolean(),
        reopensOnRequest: z.boolean(),
        labels: LabelsSchema,
        action: LabelsSchema.optional().openapi({ description: 'the verb on a button that moves a title here' }),
      }),
    ),
    moves: z.record(z.string(), z.array(z.string())),
    reasons: z.array(z.object({ code: z.string(), labels: LabelsSchema })),
  })
  .openapi('Workflow');

export const get = createRoute({
  method: 'get',
  path: '/workflow',
  tags: ['Titles'],
  summary: 'Statuses, allowed moves and reasons of this library',
  security: [{ bearer: [] }],
  responses: {
    200: { content: { 'application/json': { schema: WorkflowSchema } }, description: 'The workflow' },
    ...authProblems,
  },
});
