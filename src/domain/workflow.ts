// The life of a wanted title, as data. A library may add statuses and reasons in a workflow
// file; the statuses the service itself acts on (below, `builtIn`) must stay.
import { z } from 'zod';
import type { Locale } from './locale.js';

const labels = z
  .object({ en: z.string().min(1), 'zh-Hans': z.string().optional(), 'zh-Hant': z.string().optional() })
  .strict();
export type Labels = z.infer<typeof labels>;

/** Statuses the service sets by itself: intake, enrichment ("already held") and receiving. */
export const builtIn = [
  'submitted',
  'in_review',
  'approved',
  'ordered',
  'received',
  'available',
  'held',
  'rejected',
  'cancelled',
] as const;
export const INITIAL_STATUS = 'submitted';
/**
 * May a requester still change or withdraw their request? Only while its title waits where
 * intake put it: once a selector has moved it (into review, or to a decision), the request is
 * theirs to weigh as it was made.
 */
export function awaitsReview(status: string): boolean {
  return status === INITIAL_STATUS;
}
/** The statuses of a title the library has: bought and on the shelf, or found already held. */
export const IN_COLLECTION = ['available', 'held'] as const;

const code = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _');

/**
 * stage says what a status means to everything else:
 * - pending: waiting for a selector's decision; counts against a patron's open-suggestion limit
 * - active: decided to buy and on its way
 * - closed: nothing left to do (bought and shelved, already held, rejected, cancelled)
 */
const statusSchema = z
  .object({
    code,
    stage: z.enum(['pending', 'active', 'closed']),
    reasonRequired: z.boolean().default(false),
    // A new request for a title in this status puts it back in front of a selector: demand
    // has changed since the decision.
    reopensOnRequest: z.boolean().default(false),
    labels,
    /** the verb on the button that moves a title to this status ("Approve"); the label when none */
    action: labels.optional(),
  })
  .strict();

export const workflowSchema = z
  .object({
    statuses: z.array(statusSchema).min(1),
    moves: z.record(code, z.array(code)),
    reasons: z.array(z.object({ code, labels }).strict()).default([]),
  })
  .strict()
  .superRefine((wf, ctx) => {
    const known = new Set(wf.statuses.map((s) => s.code));
    for (const required of builtIn) {
      if (!known.has(required))
        ctx.addIssue({ code: 'custom', path: ['statuses'], message: `status "${required}" is required` });
    }
    for (const [from, targets] of Object.entries(wf.moves)) {
      if (!known.has(from))
        ctx.addIssue({ code: 'custom', path: ['moves', from], message: `unknown status "${from}"` });
      for (const to of targets) {
        if (!known.has(to)) ctx.addIssue({ code: 'custom', path: ['moves', from], message: `unknown status "${to}"` });
      }
    }
  });

export type WorkflowStatus = z.infer<typeof statusSchema>;
export type Workflow = z.infer<typeof workflowSchema>;

export const defaultWorkflow: Workflow = workflowSchema.parse({
  statuses: [
    { code: 'submitted', stage: 'pending', labels: { en: 'Submitted', 'zh-Hans': '已提交', 'zh-Hant': '已提交' } },
    {
      code: 'in_review',
      stage: 'pending',
      labels: { en: 'In review', 'zh-Hans': '审核中', 'zh-Hant': '審核中' },
      action: { en: 'Review', 'zh-Hans': '审核', 'zh-Hant': '審核' },
    },
    {
      code: 'approved',
      stage: 'active',
      labels: { en: 'Approved', 'zh-Hans': '已批准', 'zh-Hant': '已核准' },
      action: { en: 'Approve', 'zh-Hans': '批准', 'zh-Hant': '核准' },
    },
    {
      code: 'ordered',
      stage: 'active',
      labels: { en: 'Ordered', 'zh-Hans': '已订购', 'zh-Hant': '已訂購' },
      action: { en: 'Order', 'zh-Hans': '订购', 'zh-Hant': '訂購' },
    },
    {
      code: 'received',
      stage: 'active',
      labels: { en: 'Received', 'zh-Hans': '已到馆', 'zh-Hant': '已到館' },
      action: { en: 'Receive', 'zh-Hans': '到馆', 'zh-Hant': '到館' },
    },
    {
      code: 'available',
      stage: 'closed',
      labels: { en: 'Available', 'zh-Hans': '可借阅', 'zh-Hant': '可借閱' },
      action: { en: 'Make available', 'zh-Hans': '可借阅', 'zh-Hant': '可借閱' },
    },
    {
      code: 'held',
      stage: 'closed',
      labels: { en: 'Already held', 'zh-Hans': '馆内已有', 'zh-Hant': '館內已有' },
      action: { en: 'Already held', 'zh-Hans': '馆内已有', 'zh-Hant': '館內已有' },
    },
    {
      code: 'rejected',
      stage: 'closed',
      reasonRequired: true,
      reopensOnRequest: true,
      labels: { en: 'Not purchased', 'zh-Hans': '不予采购', 'zh-Hant': '不予採購' },
      action: { en: 'Reject', 'zh-Hans': '拒绝', 'zh-Hant': '拒絕' },
    },
    {
      code: 'cancelled',
      stage: 'closed',
      reopensOnRequest: true,
      labels: { en: 'Cancelled', 'zh-Hans': '已取消', 'zh-Hant': '已取消' },
      action: { en: 'Cancel', 'zh-Hans': '取消', 'zh-Hant': '取消' },
    },
  ],
  moves: {
    submitted: ['in_review', 'approved', 'rejected', 'held', 'cancelled'],
    in_review: ['approved', 'rejected', 'held', 'cancelled'],
    approved: ['ordered', 'in_review', 'cancelled'],
    ordered: ['received', 'cancelled'],
    received: ['available'],
    available: [],
    // A copy thought to be held may turn out lost or withdrawn; a rejection may be reconsidered.
    held: ['in_review'],
    rejected: ['in_review'],
    cancelled: ['in_review'],
  },
  // The reasons Koha libraries keep in their SUGGEST authorised values, more or less.
  reasons: [
    {
      code: 'out_of_scope',
      labels: { en: 'Outside the scope of the collection', 'zh-Hans': '不在馆藏范围内', 'zh-Hant': '不在館藏範圍內' },
    },
    {
      code: 'too_expensive',
      labels: { en: 'Too expensive for the budget', 'zh-Hans': '价格超出预算', 'zh-Hant': '價格超出預算' },
    },
    {
      code: 'unavailable',
      labels: { en: 'Not available from our suppliers', 'zh-Hans': '供应商无法提供', 'zh-Hant': '供應商無法提供' },
    },
    { code: 'out_of_print', labels: { en: 'Out of print', 'zh-Hans': '已绝版', 'zh-Hant': '已絕版' } },
    {
      code: 'better_edition_held',
      labels: { en: 'The library holds another edition', 'zh-Hans': '本馆已有其他版本', 'zh-Hant': '本館已有其他版本' },
    },
    {
      code: 'available_elsewhere',
      labels: {
        en: 'Available through interlibrary loan',
        'zh-Hans': '可通过馆际互借获得',
        'zh-Hant': '可透過館際互借取得',
      },
    },
  ],
});

export type MoveCheck =
  { ok: true } | { ok: false; problem: 'unknown-status' | 'forbidden-move' | 'reason-required'; message: string };

/** May a title in status `from` move to `to`, given the reason offered? */
export function checkMove(wf: Workflow, from: string, to: string, reason: string | null | undefined): MoveCheck {
  const target = findStatus(wf, to);
  if (!target)
    return { ok: false, problem: 'unknown-status', message: `"${to}" is not a status of this library's workflow.` };
  const allowed = wf.moves[from] ?? [];
  if (!allowed.includes(to)) {
    const options = allowed.length ? `it can go to: ${allowed.join(', ')}` : 'it cannot move on';
    return {
      ok: false,
      problem: 'forbidden-move',
      message: `A title that is ${from} cannot become ${to}; ${options}.`,
    };
  }
  if (target.reasonRequired && !reason?.trim()) {
    return {
      ok: false,
      problem: 'reason-required',
      message: `Moving a title to ${to} needs a reason for the requesters.`,
    };
  }
  return { ok: true };
}

export function findStatus(wf: Workflow, statusCode: string): WorkflowStatus | undefined {
  return wf.statuses.find((s) => s.code === statusCode);
}

/**
 * The verb on a button that moves a title to this status: the library's own for it, else, for a
 * built-in status a library's file names no verb for, the default workflow's, else its label.
 */
export function actionName(wf: Workflow, statusCode: string, locale: Locale): string {
  const action = findStatus(wf, statusCode)?.action ?? findStatus(defaultWorkflow, statusCode)?.action;
  return action ? label(action, locale) : statusName(wf, statusCode, locale);
}

/** A status in the reader's words: the library's label, or its code when the workflow no longer has it. */
export function statusName(wf: Workflow, statusCode: string, locale: Locale): string {
  const found = findStatus(wf, statusCode);
  return found ? label(found.labels, locale) : statusCode;
}

export function statusesInStage(wf: Workflow, stage: WorkflowStatus['stage']): string[] {
  return wf.statuses.filter((s) => s.stage === stage).map((s) => s.code);
}

export function reopensOnRequest(wf: Workflow): string[] {
  return wf.statuses.filter((s) => s.reopensOnRequest).map((s) => s.code);
}

/** A label in the reader's language, falling back to English rather than to a code. */
export function label(labels: Labels, locale: Locale): string {
  return labels[locale] ?? labels.en;
}

/** The words a requester reads for a reason: the library's label when it is a listed code. */
export function reasonText(wf: Workflow, reason: string, locale: Locale): string {
  const listed = wf.reasons.find((r) => r.code === reason);
  return listed ? label(listed.labels, locale) : reason;
}
