import { describe, expect, it } from 'vitest';
import { NOTES, stepReason } from '../../src/domain/step-reason.js';
import { defaultWorkflow } from '../../src/domain/workflow.js';

// A note staff's work leaves, as a step of the history at the title's status.
const note = (reason: string, from: string | null = 'in_review') => ({
  from,
  to: from ?? 'submitted',
  reason,
  actorRole: 'selector',
});
const read = (reason: string, locale: 'en' | 'zh-Hans' | 'zh-Hant', from?: string | null) =>
  stepReason(defaultWorkflow, note(reason, from), null, locale);

describe('the notes of merges, splits and editions, told to a reader', () => {
  it('name the other title in the reader’s language, whatever the API’s English says', () => {
    expect(read(NOTES.merged(5, '三体 / 劉慈欣'), 'zh-Hans')).toBe(
      '已与《三体 / 劉慈欣》合并：其荐购和处理记录都在这里。',
    );
    expect(read(NOTES.merged(5, '三体 / 劉慈欣'), 'en')).toBe(
      'Merged with 三体 / 劉慈欣: its requests and history are here now.',
    );
    expect(read(NOTES.splitFrom(3, 'The three-body problem', 2), 'zh-Hant', null)).toBe(
      '從《The three-body problem》拆分出來：2 筆薦購移到這裡。',
    );
    expect(read(NOTES.splitOff('The Three-Body Problem', 1), 'en')).toBe(
      '1 request moved to a title of their own: The Three-Body Problem.',
    );
  });

  it('tell the upgrade’s merge and the edition steps as such, not as a reopening', () => {
    const rekeyed = { from: 'submitted', to: 'submitted', reason: NOTES.otherScript(5), actorRole: 'system' };
    expect(stepReason(defaultWorkflow, rekeyed, null, 'en')).toBe(
      'Merged with the same work written in the other Chinese script: its requests and history are here now.',
    );
    expect(read(NOTES.editionConfirmed('978-7-5366-9293-0'), 'zh-Hans')).toBe('版本已确认：ISBN 978-7-5366-9293-0。');
    expect(read(NOTES.editionSetAside('978-7-5366-9293-0'), 'en')).toBe(
      'The proposed edition (ISBN 978-7-5366-9293-0) was set aside.',
    );
    expect(read(NOTES.sameEdition(7, '978-7-5366-9293-0'), 'zh-Hant')).toBe(
      '已與無 ISBN 薦購的同一版本題名合併（ISBN 978-7-5366-9293-0）。',
    );
  });

  it('leave a reason the library gave to its workflow’s labels', () => {
    expect(read('a reason of the library’s own', 'en')).toBe('a reason of the library’s own');
  });
});
