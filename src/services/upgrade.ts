// The part of an upgrade SQL cannot do. A migration can add a column; it cannot run OpenCC. So
// when the work key's rule changes (Traditional and Simplified Chinese now meet), the keys
// stored under the old rule are rewritten here, with the migrations: on Node as the server
// starts and in `r2b migrate`, on Workers as an isolate starts. Titles whose new keys meet are
// one work typed in two scripts, and are merged as a selector would merge them; the keys the
// loan history and ILL requests are looked up by are rewritten too, so title-level evidence
// still finds them. Vendor catalogues' entries are searched by text folded by the same rule,
// and are folded again too. Each rule's name is recorded once it is done: afterwards this is one read.
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { type AtomicStep, runAtomic } from '../db/db.js';
import { NOTES } from '../domain/step-reason.js';
import { catalogueSearchText } from '../domain/catalogue.js';
import { currentWorkKey, oneScript, WORK_KEY_RULE } from '../domain/work-key.js';
import { mergeSteps } from './title-merge.js';

const RULE_KEY = 'work_key_rule';
const SEARCH_RULE_KEY = 'catalogue_search_rule';
// D1 runs a batch as one statement list; keep each write a modest size.
const STEPS_PER_WRITE = 200;

/** Keys with a character beyond ASCII: the only ones the script rule can change. */
const BEYOND_ASCII = "GLOB '*[^ -~]*'";

interface StoredTitle {
  id: number;
  work_key: string;
  isbn13: string | null;
  in_ils: number;
}

/** Everything stored under an earlier release's rules, brought up to this one's. */
export async function upgradeStored(deps: Pick<Deps, 'db' | 'clock'>): Promise<void> {
  // Once both are done (nearly every start, and every scheduled run on Workers) this one read is all.
  const done = await deps.db.orm.all<{ key: string }>(
    sql`SELECT key FROM app_state WHERE key IN (${RULE_KEY}, ${SEARCH_RULE_KEY}) AND value = ${WORK_KEY_RULE}`,
  );
  if (done.length === 2) return;
  await upgradeWorkKeys(deps);
  await upgradeCatalogueSearch(deps);
}

/** Re-key what was keyed under an earlier rule; the number of titles merged. */
export async function upgradeWorkKeys(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const { db } = deps;
  const done = await db.orm.get<{ value: string } | undefined>(
    sql`SELECT value FROM app_state WHERE key = ${RULE_KEY}`,
  );
  if (done?.value === WORK_KEY_RULE) return 0;

  const stored = await db.orm.all<StoredTitle>(
    sql.raw(`SELECT id, work_key, isbn13, EXISTS (SELECT 1 FROM ils_records r WHERE r.title_id = titles.id) AS in_ils
             FROM titles WHERE work_key GLOB 'ta:*' AND work_key ${BEYOND_ASCII} ORDER BY id`),
  );
  const byKey = new Map<string, StoredTitle[]>();
  for (const row of stored) {
    const key = currentWorkKey(row.work_key);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }

  const at = deps.clock().getTime();
  // Units that must be written whole: one work's titles, or one key of the loan history.
  const units: AtomicStep[][] = [];
  let merged = 0;
  for (const [key, group] of byKey) {
    if (group.length === 1 && group[0]!.work_key === key) continue;
    // The one kept: one the ILS has (it cannot be merged away), else one already keyed so, else the oldest.
    const keep = group.find((r) => r.in_ils) ?? group.find((r) => r.work_key === key) ?? group[0]!;
    const steps: AtomicStep[] = [];
    for (const other of group) {
      if (other === keep) continue;
      merged++;
      steps.push(
        ...mergeSteps(other, keep.id, {
          actorRole: 'system',
          actor: 'system',
          at,
          reason: NOTES.otherScript(other.id),
        }),
      );
    }
    steps.push(
      sql`UPDATE titles SET work_key = ${key} WHERE id = ${keep.id}
          AND NOT EXISTS (SELECT 1 FROM titles t WHERE t.work_key = ${key})`,
    );
    units.push(steps);
  }

  for (const [table, column, rekey] of [
    ['loan_editions', 'work_key', currentWorkKey],
    ['loan_editions', 'title_key', oneScript],
    ['loan_editions', 'author_key', oneScript],
    ['ill_requests', 'title_key', oneScript],
    ['ill_requests', 'author_key', oneScript],
  ] as const) {
    const keys = await db.orm.all<{ key: string }>(
      sql.raw(`SELECT DISTINCT ${column} AS key FROM ${table} WHERE ${column} ${BEYOND_ASCII}`),
    );
    for (const { key } of keys) {
      const now = rekey(key);
      if (now !== key)
        units.push([sql`UPDATE ${sql.raw(table)} SET ${sql.raw(column)} = ${now} WHERE ${sql.raw(column)} = ${key}`]);
    }
  }

  // Run again after a crash, a unit already written changes nothing; the rule is recorded last.
  let write: AtomicStep[] = [];
  for (const unit of units) {
    if (write.length + unit.length > STEPS_PER_WRITE && write.length > 0) {
      await runAtomic(db, write);
      write = [];
    }
    write.push(...unit);
  }
  write.push(sql`INSERT INTO app_state (key, value) VALUES (${RULE_KEY}, ${WORK_KEY_RULE})
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  await runAtomic(db, write);
  return merged;
}

/** Fold the catalogue entries' search text by this release's rule; the number of entries folded. */
export async function upgradeCatalogueSearch(deps: Pick<Deps, 'db'>): Promise<number> {
  const { db } = deps;
  const done = await db.orm.get<{ value: string } | undefined>(
    sql`SELECT value FROM app_state WHERE key = ${SEARCH_RULE_KEY}`,
  );
  if (done?.value === WORK_KEY_RULE) return 0;
  let after = 0;
  let folded = 0;
  for (;;) {
    const rows = await db.orm.all<{ id: number; title: string; authors: string; publisher: string | null }>(
      sql`SELECT id, title, authors, publisher FROM catalogue_entries WHERE id > ${after} ORDER BY id LIMIT 500`,
    );
    if (rows.length === 0) break;
    const texts = JSON.stringify(
      rows.map((r) => [r.id, catalogueSearchText({ ...r, authors: JSON.parse(r.authors) as string[] })]),
    );
    // Each page is whole on its own: run again after a crash, it writes the same text.
    await runAtomic(db, [
      sql`UPDATE catalogue_entries SET search_text = (SELECT j.value->>1 FROM json_each(${texts}) j WHERE j.value->>0 = catalogue_entries.id)
          WHERE id IN (SELECT j.value->>0 FROM json_each(${texts}) j)`,
    ]);
    folded += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  await runAtomic(db, [
    sql`INSERT INTO app_state (key, value) VALUES (${SEARCH_RULE_KEY}, ${WORK_KEY_RULE})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ]);
  return folded;
}
