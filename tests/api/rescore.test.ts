// A rescore scores the open titles in its scope, however it reaches them: all of them (chunk by
// chunk, in order of id), or the few a job names (by id).
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rescore } from '../../src/services/scoring.js';
import { type Harness, harness } from './harness.js';

describe('rescoring open titles', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    const now = h.now.getTime();
    // Disciplines out of the order of the ids, as a library's titles arrive; one title closed.
    const titles = [
      ['isbn:9780000000011', 'QA', 1500, 'submitted'],
      ['isbn:9780000000028', 'BF', 9000, 'in_review'],
      ['isbn:9780000000035', 'QA', null, 'submitted'],
      ['isbn:9780000000042', 'HB', 4200, 'rejected'],
      ['isbn:9780000000059', 'BF', 2500, 'submitted'],
    ];
    await h.db.orm.run(sql`
      INSERT INTO titles (work_key, discipline, price_cents, price_currency, status, stage, score, status_changed_at, created_at, updated_at)
      SELECT j.value->>0, j.value->>1, j.value->>2, 'USD', j.value->>3,
             CASE j.value->>3 WHEN 'rejected' THEN 'closed' ELSE 'pending' END,
             CASE j.value->>3 WHEN 'rejected' THEN 42 END, ${now}, ${now}, ${now}
      FROM json_each(${JSON.stringify(titles)}) j`);
  });
  afterEach(() => h.close());

  const scores = async () =>
    h.db.orm.all<{ id: number; score: number | null; score_components: string | null }>(
      sql`SELECT id, score, score_components FROM titles ORDER BY id`,
    );

  it('gives each open title the score a rescore of it alone gives, and leaves a closed title as it was', async () => {
    expect(await rescore(h.deps, { all: true })).toBe(4);
    const together = await scores();
    await h.db.orm.run(sql`UPDATE titles SET score = NULL, score_components = NULL WHERE stage != 'closed'`);
    const alone: number[] = [];
    for (const { id } of together) alone.push(await rescore(h.deps, { titleIds: [id] }));
    expect(alone).toEqual([1, 1, 1, 0, 1]);
    expect(await scores()).toEqual(together);
    expect(together[3]).toMatchObject({ score: 42, score_components: null });
    expect(together.filter((t) => t.score_components !== null)).toHaveLength(4);
  });
});
