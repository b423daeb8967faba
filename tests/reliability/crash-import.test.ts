// Killed mid-import, many times: `r2b import loans` is SIGKILLed at random moments, the
// database is checked after each kill, and the import run again until it finishes. It must end
// exactly where one uninterrupted import ends, with no batch ever half-written.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadClassificationData } from '../../src/node/classification-data.js';
import { readDepartmentDisciplines, writeLoanHistory } from '../../src/demo/generate-loans.js';
import { CLI, r2b, tempDatabase } from '../server/process.js';
import { LONG, random as seeded, SEED } from './long.js';

const DEPARTMENTS = new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname;
const ROWS = LONG ? 2_000_000 : 250_000;
const KILLS = LONG ? 25 : 6;

interface State {
  integrity: string;
  loans: number;
  aggregated: number;
  checkpoint: { imported: number; status: string } | undefined;
}

function inspect(path: string): State {
  const db = new Database(path, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    const loans = (db.prepare('SELECT count(*) AS n FROM loans').get() as { n: number }).n;
    const aggregated = (db.prepare('SELECT coalesce(sum(loans), 0) AS n FROM loan_aggregates').get() as { n: number })
      .n;
    const checkpoint = db.prepare("SELECT imported, status FROM import_runs WHERE kind = 'loans'").get() as
      State['checkpoint'] | undefined;
    return { integrity, loans, aggregated, checkpoint };
  } finally {
    db.close();
  }
}

/** Start an import and kill it (SIGKILL, no chance to tidy up) after `afterMs`; false if it finished first. */
function importKilledAfter(file: string, env: Record<string, string>, afterMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'import', 'loans', file, '--json'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(true);
      else if (code === 0) resolve(false);
      else reject(new Error(`import failed (${code}): ${stderr}`));
    });
  });
}

describe('a loan import killed again and again', () => {
  it(`ends with exactly the loans of an uninterrupted import (${ROWS.toLocaleString('en')} rows, up to ${KILLS} kills)`, async () => {
    const random = seeded();
    const killedDb = tempDatabase();
    const cleanDb = tempDatabase();
    const file = join(dirname(killedDb), 'loans.csv');
    await writeLoanHistory(file, {
      seed: 11,
      rows: ROWS,
      titles: 20_000,
      years: 3,
      end: new Date('2026-06-30T00:00:00Z'),
      departments: await readDepartmentDisciplines(DEPARTMENTS),
      classification: loadClassificationData(),
    });
    for (const db of [killedDb, cleanDb]) await r2b(['import', 'departments', DEPARTMENTS], { DATABASE_PATH: db });

    // The reference: the same file, imported once without interruption.
    const started = Date.now();
    const clean = JSON.parse((await r2b(['import', 'loans', file, '--json'], { DATABASE_PATH: cleanDb })).stdout);
    // The kills come within the first half of the time the import takes on this machine, loaded
    // or not: late enough to land after a batch on a slow machine, early enough that three land
    // before the resumed imports finish. (A third was enough while the reading was slower: the
    // start of a run, about a second and a half before its first commit, is now more of it.)
    const importMs = Date.now() - started;
    const reference = inspect(cleanDb);
    expect(reference.loans).toBe(clean.imported);

    const schedule: number[] = [];
    let kills = 0;
    let finished = false;
    const partials: number[] = [];
    while (!finished) {
      // Early kills land while the file is opened and the first batches written; later ones mid-stream.
      const afterMs = kills < KILLS ? 150 + Math.floor(random() * Math.max(1800, importMs * 0.5)) : 600_000;
      schedule.push(afterMs);
      finished = !(await importKilledAfter(file, { DATABASE_PATH: killedDb }, afterMs));
      if (!finished) kills++;
      const state = inspect(killedDb);
      const context = `seed ${SEED}, after kills at ${schedule.join(', ')} ms`;
      expect(state.integrity, context).toBe('ok');
      // Every batch is whole: its loans, their aggregates and the checkpoint, or none of them.
      expect(state.aggregated, context).toBe(state.loans);
      expect(state.checkpoint?.imported ?? 0, context).toBe(state.loans);
      if (!finished && state.loans > 0) partials.push(state.loans);
    }

    const final = inspect(killedDb);
    expect(kills).toBeGreaterThanOrEqual(Math.min(KILLS, 3));
    // The kills did land mid-import, with some batches written and more to come.
    expect(partials.some((n) => n < reference.loans)).toBe(true);
    expect(final.checkpoint?.status).toBe('complete');
    expect(final.loans).toBe(reference.loans);
    expect(final.aggregated).toBe(reference.aggregated);
    const aggregates = (path: string) => {
      const db = new Database(path, { readonly: true });
      const rows = db
        .prepare('SELECT discipline, department_code, month, loans FROM loan_aggregates ORDER BY 1, 2, 3')
        .all();
      db.close();
      return rows;
    };
    expect(aggregates(killedDb)).toEqual(aggregates(cleanDb));
    // Run once more: the file is known, nothing is added.
    const again = JSON.parse((await r2b(['import', 'loans', file, '--json'], { DATABASE_PATH: killedDb })).stdout);
    expect(again).toMatchObject({ alreadyImported: true, imported: 0 });
    console.info(`import: ${kills} kills survived (${schedule.join(', ')} ms), ${final.loans} loans, as uninterrupted`);
  }, 600_000);
});
