import { describe, expect, it } from 'vitest';
import {
  actionName,
  checkMove,
  defaultWorkflow,
  reasonText,
  reopensOnRequest,
  statusesInStage,
  workflowSchema,
} from '../../src/domain/workflow.js';

describe('the workflow of a wanted title', () => {
  const wf = defaultWorkflow;

  it('follows the path submitted, in review, approved, ordered, received, available', () => {
    const path = ['submitted', 'in_review', 'approved', 'ordered', 'received', 'available'];
    for (let i = 1; i < path.length; i++) expect(checkMove(wf, path[i - 1]!, path[i]!, null)).toEqual({ ok: true });
  });

  it('lets a selector approve straight from the queue', () => {
    expect(checkMove(wf, 'submitted', 'approved', null).ok).toBe(true);
  });

  it('forbids skipping ahead or moving back from available', () => {
    expect(checkMove(wf, 'submitted', 'ordered', null)).toMatchObject({ ok: false, problem: 'forbidden-move' });
    expect(checkMove(wf, 'available', 'ordered', null)).toMatchObject({ ok: false, problem: 'forbidden-move' });
  });

  it('needs a reason to reject', () => {
    expect(checkMove(wf, 'in_review', 'rejected', '  ')).toMatchObject({ ok: false, problem: 'reason-required' });
    expect(checkMove(wf, 'in_review', 'rejected', 'out_of_scope').ok).toBe(true);
  });

  it('knows no status it was not given', () => {
    expect(checkMove(wf, 'submitted', 'lost', null)).toMatchObject({ ok: false, problem: 'unknown-status' });
  });

  it('counts submitted and in review as waiting for a decision', () => {
    expect(statusesInStage(wf, 'pending')).toEqual(['submitted', 'in_review']);
  });

  it('reopens rejected and cancelled titles when someone new asks', () => {
    expect(reopensOnRequest(wf)).toEqual(['rejected', 'cancelled']);
  });

  it('words a listed reason in the requester language, and passes free text through', () => {
    expect(reasonText(wf, 'out_of_print', 'zh-Hans')).toBe('已绝版');
    expect(reasonText(wf, 'out_of_print', 'en')).toBe('Out of print');
    expect(reasonText(wf, 'We bought the 2nd edition', 'zh-Hant')).toBe('We bought the 2nd edition');
  });

  it('accepts a library workflow with a status of its own', () => {
    const custom = structuredClone(defaultWorkflow);
    custom.statuses.push({
      code: 'awaiting_budget',
      stage: 'pending',
      reasonRequired: false,
      reopensOnRequest: false,
      labels: { en: 'Awaiting next budget' },
    });
    custom.moves.in_review = [...custom.moves.in_review!, 'awaiting_budget'];
    custom.moves.awaiting_budget = ['approved', 'rejected'];
    const parsed = workflowSchema.parse(custom);
    expect(checkMove(parsed, 'in_review', 'awaiting_budget', null).ok).toBe(true);
  });

  it('names each move by its verb in the reader’s language', () => {
    expect(actionName(wf, 'approved', 'en')).toBe('Approve');
    expect(actionName(wf, 'approved', 'zh-Hant')).toBe('核准');
    expect(actionName(wf, 'available', 'zh-Hans')).toBe('可借阅');
  });

  it('takes the verbs of a library’s workflow, the default’s for a built-in status it names none for, else the label', () => {
    const custom = structuredClone(defaultWorkflow);
    for (const status of custom.statuses) delete status.action;
    custom.statuses.find((s) => s.code === 'rejected')!.action = { en: 'Decline' };
    custom.statuses.push(
      {
        code: 'awaiting_budget',
        stage: 'pending',
        reasonRequired: false,
        reopensOnRequest: false,
        labels: { en: 'Awaiting next budget' },
        action: { en: 'Wait for the budget', 'zh-Hans': '等待预算' },
      },
      {
        code: 'on_approval',
        stage: 'active',
        reasonRequired: false,
        reopensOnRequest: false,
        labels: { en: 'On approval' },
      },
    );
    const parsed = workflowSchema.parse(custom);
    expect(actionName(parsed, 'rejected', 'en')).toBe('Decline');
    expect(actionName(parsed, 'rejected', 'zh-Hans')).toBe('Decline');
    expect(actionName(parsed, 'approved', 'en')).toBe('Approve');
    expect(actionName(parsed, 'awaiting_budget', 'zh-Hans')).toBe('等待预算');
    expect(actionName(parsed, 'on_approval', 'en')).toBe('On approval');
  });

  it('refuses a workflow that drops a status the service relies on, or moves to nowhere', () => {
    const broken = structuredClone(defaultWorkflow);
    broken.statuses = broken.statuses.filter((s) => s.code !== 'held');
    broken.moves.submitted = ['nowhere'];
    const result = workflowSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message).join(' ');
    expect(messages).toContain('status "held" is required');
    expect(messages).toContain('unknown status "nowhere"');
  });
});
