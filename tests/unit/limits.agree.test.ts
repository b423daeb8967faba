// The per-patron limits are one definition (domain/limits.ts) read twice: by the intake's SQL
// guard inside its atomic write, and by the check that tells a refused patron why. Here both
// run on random histories of suggestions in a real, migrated SQLite database and must agree.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patrons, suggestions, titles } from '../../src/db/schema.js';
import { activityOf, checkLimits, type SuggestionLimits } from '../../src/domain/limits.js';
import { defaultWorkflow, findStatus } from '../../src/domain/workflow.js';
import { ApiError } from '../../src/errors.js';
import { guardValues, limitGuard, refuseIfOverLimit } from '../../src/services/suggestion-limits.js';
import { DAY, type Harness, harness } from '../api/harness.js';
import { runs } from '../security/support.js';

interface Made {
  /** the patron whose limits are asked about (1), or another (2), whose suggestions never count */
  patron: 1 | 2;
  status: string;
  /** ms before now */
  ago: number;
}

describe('the per-patron limits, in SQL and in the domain', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  // Statuses of the library's workflow, and one a library has since removed from it.
  const status = fc.constantFrom(...defaultWorkflow.statuses.map((s) => s.code), 'withdrawn');
  const limits: fc.Arbitrary<SuggestionLimits> = fc.record({
    maxOpen: fc.integer({ min: 0, max: 5 }),
    maxRecent: fc.integer({ min: 0, max: 5 }),
    recentDays: fc.integer({ min: 1, max: 30 }),
  });

  /** A suggestion's age, often right at the window's edge, where the two are most likely to part. */
  const ago = (recentDays: number) =>
    fc.oneof(
      fc.constantFrom(recentDays * DAY, recentDays * DAY - 1, recentDays * DAY + 1, 0),
      fc.integer({ min: 0, max: 2 * recentDays * DAY }),
    );
  const history = limits.chain((l) =>
    fc.tuple(
      fc.constant(l),
      fc.array(fc.record({ patron: fc.constantFrom(1 as const, 2 as const), status, ago: ago(l.recentDays) }), {
        maxLength: 14,
      }),
    ),
  );

  async function store(made: Made[]): Promise<void> {
    const orm = h.deps.db.orm;
    await orm.run(sql`DELETE FROM suggestions`);
    await orm.run(sql`DELETE FROM titles`);
    await orm.run(sql`DELETE FROM patrons`);
    const at = h.now;
    await orm.insert(patrons).values([
      { id: 1, externalId: 'asking', category: 'undergraduate', createdAt: at, updatedAt: at },
      { id: 2, externalId: 'other', category: 'faculty', createdAt: at, updatedAt: at },
    ]);
    for (const [i, m] of made.entries()) {
      const stage = findStatus(h.deps.workflow, m.status)?.stage ?? 'closed';
      const created = new Date(h.now.getTime() - m.ago);
      const [title] = await orm
        .insert(titles)
        .values({
          workKey: `isbn:${i}`,
          status: m.status,
          stage,
          statusChangedAt: created,
          createdAt: created,
          updatedAt: created,
        })
        .returning({ id: titles.id });
      await orm.insert(suggestions).values({
        requestId: `r${i}`,
        titleId: title!.id,
        patronId: m.patron,
        category: 'undergraduate',
        channel: 'web',
        createdAt: created,
      });
    }
  }

  /** The domain's verdict on patron 1, from the history as made. */
  function domainVerdict(l: SuggestionLimits, made: Made[]) {
    const records = made
      .filter((m) => m.patron === 1)
      .map((m) => ({
        stage: findStatus(h.deps.workflow, m.status)?.stage,
        createdAt: new Date(h.now.getTime() - m.ago),
      }));
    return checkLimits(l, activityOf(records, l, h.now), h.now);
  }

  it('admits a patron in SQL exactly when the domain rule lets them suggest', async () => {
    await fc.assert(
      fc.asyncProperty(history, async ([l, made]) => {
        await store(made);
        const guard = limitGuard(h.deps.workflow, { patronId: 1, ...guardValues(l, h.now) });
        const row = await h.deps.db.orm.get<{ admitted: number }>(sql`SELECT ${guard} AS admitted`);
        expect(row?.admitted === 1).toBe(domainVerdict(l, made).ok);
      }),
      runs(150),
    );
  });

  it('refuses a patron the guard turned away with the limit and the retry time the domain gives', async () => {
    await fc.assert(
      fc.asyncProperty(history, async ([l, made]) => {
        await store(made);
        const deps = {
          ...h.deps,
          config: {
            ...h.deps.config,
            SUGGEST_MAX_OPEN: l.maxOpen,
            SUGGEST_MAX_RECENT: l.maxRecent,
            SUGGEST_RECENT_DAYS: l.recentDays,
          },
        };
        const expected = domainVerdict(l, made);
        const refusal = await refuseIfOverLimit(deps, 1, h.now).then(
          () => null,
          (error: unknown) => error,
        );
        if (expected.ok) {
          expect(refusal).toBeNull();
        } else {
          expect(refusal).toBeInstanceOf(ApiError);
          expect((refusal as ApiError).extensions).toEqual({
            limit: expected.limit,
            retryAt: expected.retryAt?.toISOString() ?? null,
          });
        }
      }),
      runs(100),
    );
  });
});
