import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/domain/locale.js';
import { defaultWorkflow, workflowSchema } from '../../src/domain/workflow.js';
import { untranslated } from '../../src/i18n/index.js';
import { requesterMessage } from '../../src/services/notifications/messages.js';

const base = {
  title: 'Clean Code',
  link: 'https://library.example.edu/my/suggestions/7',
  library: 'Example Library',
  wantsHold: false,
  workflow: defaultWorkflow,
};

describe('messages to requesters', () => {
  it('are fully translated into Simplified and Traditional Chinese', () => {
    expect(untranslated('zh-Hans')).toEqual([]);
    expect(untranslated('zh-Hant')).toEqual([]);
  });

  it.each(['in_review', 'approved', 'ordered', 'received', 'available', 'held', 'rejected', 'cancelled', 'submitted'])(
    'say what "%s" means, in every language, with the link to follow it',
    (to) => {
      for (const locale of LOCALES) {
        const m = requesterMessage({
          ...base,
          kind: 'status_changed',
          payload: { from: 'submitted', to, reason: 'out_of_print', where: 'QA76 .M37' },
          locale,
        });
        expect(m.subject.length).toBeGreaterThan(5);
        expect(m.text).toContain(base.link);
        expect(m.html).toContain(`href="${base.link}"`);
        expect(`${m.subject} ${m.text}`).not.toMatch(/mail\.|reason\.|staff\./);
      }
    },
  );

  it('give the reason for a rejection in the reader language when it is a listed reason', () => {
    const zh = requesterMessage({
      ...base,
      kind: 'status_changed',
      payload: { to: 'rejected', reason: 'too_expensive' },
      locale: 'zh-Hant',
    });
    expect(zh.text).toContain('價格超出預算');
    const free = requesterMessage({
      ...base,
      kind: 'status_changed',
      payload: { to: 'rejected', reason: 'We have the 2nd edition' },
      locale: 'en',
    });
    expect(free.text).toContain('The reason: We have the 2nd edition.');
  });

  it('say where a held copy is', () => {
    const m = requesterMessage({
      ...base,
      kind: 'status_changed',
      payload: { to: 'held', where: 'QA76.76 .M37, Main Library' },
      locale: 'en',
    });
    expect(m.text).toContain('Clean Code is already in the library: QA76.76 .M37, Main Library.');
  });

  it("name a library's own status by its label, falling back to English, never to a code", () => {
    const custom = structuredClone(defaultWorkflow);
    custom.statuses.push({
      code: 'awaiting_budget',
      stage: 'pending',
      reasonRequired: false,
      reopensOnRequest: false,
      labels: { en: 'Waiting for next year’s budget' },
    });
    const workflow = workflowSchema.parse(custom);
    const m = requesterMessage({
      ...base,
      workflow,
      kind: 'status_changed',
      payload: { to: 'awaiting_budget' },
      locale: 'zh-Hans',
    });
    expect(m.text).toContain('Waiting for next year’s budget');
    expect(m.text).not.toContain('awaiting_budget');
  });

  it('escape whatever a requester or selector wrote', () => {
    const m = requesterMessage({
      ...base,
      title: '<img src=x onerror=alert(1)>',
      kind: 'status_changed',
      payload: { to: 'rejected', reason: '"><script>steal()</script>' },
      locale: 'en',
    });
    expect(m.html).not.toContain('<img');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(m.text).toContain('<img src=x onerror=alert(1)>');
  });
});
