// Every title's stage follows its status under the library's workflow, however many statuses
// the workflow has: the sync binds a fixed number of parameters (D1 binds at most 100).
import { afterEach, describe, expect, it } from 'vitest';
import { D1_MAX_PARAMETERS } from '../../src/db/d1.js';
import { migrateSqlite, openSqlite, type SqliteDb } from '../../src/db/sqlite.js';
import { defaultWorkflow, type Workflow, workflowSchema } from '../../src/domain/workflow.js';
import { stageSyncSql } from '../../src/services/titles.js';

let db: SqliteDb | undefined;
afterEach(() => db?.close());

/** The default workflow with `extra` more pending statuses of the library's own. */
function largeWorkflow(extra: number): Workflow {
  const wf = structuredClone(defaultWorkflow);
  for (let i = 0; i < extra; i++) {
    wf.statuses.push({
      code: `waiting_${i}`,
      stage: 'pending',
      reasonRequired: false,
      reopensOnRequest: false,
      labels: { en: `Waiting ${i}` },
    });
    wf.moves[`waiting_${i}`] = ['approved'];
  }
  return workflowSchema.parse(wf);
}

function stagesAfterSync(workflow: Workflow, statuses: string[]): Record<string, string> {
  db = openSqlite(':memory:');
  migrateSqlite(db);
  const insert = db.sqlite.prepare(
    `INSERT INTO titles (work_key, status, stage, status_changed_at, requester_count, created_at, updated_at)
     VALUES (?, ?, 'closed', 0, 0, 0, 0)`,
  );
  for (const status of statuses) insert.run(`key:${status}`, status);
  const { text, params } = stageSyncSql(workflow);
  db.sqlite.prepare(text).run(...params);
  const rows = db.sqlite.prepare('SELECT status, stage FROM titles').all() as { status: string; stage: string }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.stage]));
}

describe('the stage sync', () => {
  it('gives each title the stage its status has in the workflow', () => {
    expect(stagesAfterSync(defaultWorkflow, ['submitted', 'approved', 'rejected', 'held'])).toEqual({
      submitted: 'pending',
      approved: 'active',
      rejected: 'closed',
      held: 'closed',
    });
  });

  it('binds four parameters for a workflow of 60 statuses, within D1’s limit', () => {
    const workflow = largeWorkflow(51);
    expect(workflow.statuses).toHaveLength(60);
    const { params } = stageSyncSql(workflow);
    expect(params.length).toBe(4);
    expect(params.length).toBeLessThanOrEqual(D1_MAX_PARAMETERS);
    expect(stagesAfterSync(workflow, ['waiting_49', 'waiting_0', 'ordered', 'cancelled'])).toEqual({
      waiting_49: 'pending',
      waiting_0: 'pending',
      ordered: 'active',
      cancelled: 'closed',
    });
  });

  it('treats a status the workflow no longer has as closed', () => {
    expect(stagesAfterSync(defaultWorkflow, ['retired_status'])).toEqual({ retired_status: 'closed' });
  });
});
