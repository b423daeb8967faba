// ILL requests as evidence: the books patrons had to borrow from other libraries, from the
// ILL system's own export, and the title asked for again scored on it.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { bufferSource, listImportRuns } from '../../src/services/imports/import-run.js';
import { importIll } from '../../src/services/imports/ill.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';
import { dumpDatabase } from './dump.js';

const ILLIAD = new URL('../../fixtures/ill/illiad-transactions.csv', import.meta.url).pathname;

describe('r2b import ill', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('reads an ILLiad export: the books borrowed for patrons here, not articles or lending, and never who asked', async () => {
    const summary = await importIll(h.deps, fileSource(ILLIAD), { preset: 'illiad' });
    expect(summary).toMatchObject({ read: 6, imported: 3, rejected: 1 });
    expect(summary.rejections[0]).toMatchObject({ line: 7, reason: 'neither a title nor a valid ISBN' });
    expect(summary.warnings.join(' ')).toMatch(/2 rows were articles or lending/);
    const rows = await h.db.orm.all<{
      title_key: string;
      isbn13: string | null;
      month: string;
      department_code: string;
    }>(sql`SELECT title_key, isbn13, month, department_code FROM ill_requests ORDER BY request_key`);
    expect(rows).toEqual([
      { title_key: 'great crash 1929', isbn13: '9780618859993', month: '2025-10', department_code: 'Economics' },
      {
        title_key: 'manias panics and crashes',
        isbn13: '9780230365353',
        month: '2025-11',
        department_code: 'Economics',
      },
      { title_key: 'great crash 1929', isbn13: null, month: '2025-12', department_code: 'Economics' },
    ]);
    const dump = await dumpDatabase(h.db);
    for (const who of ['jdoe12', 'rlopez', '@college.example.edu']) expect(dump).not.toContain(who);
  });

  it('counts a request once however many overlapping exports bring it', async () => {
    await importIll(h.deps, fileSource(ILLIAD), { preset: 'illiad' });
    const later = Buffer.from(
      'TransactionNumber,RequestType,ProcessType,LoanTitle,LoanAuthor,ISSN,CreationDate,Department\n' +
        '410233,Loan,Borrowing,"The great crash, 1929","Galbraith, John Kenneth",9780618859993,2025-10-02,Economics\n' +
        '410300,Loan,Borrowing,The affluent society,"Galbraith, John Kenneth",,2026-01-10,Economics\n',
    );
    const summary = await importIll(h.deps, bufferSource('illiad-2026.csv', later), { preset: 'illiad' });
    expect(summary).toMatchObject({ imported: 1, skipped: 1 });
  });

  it('lifts a title patrons had to borrow, matched by ISBN or by its title', async () => {
    await importIll(h.deps, fileSource(ILLIAD), { preset: 'illiad' });
    const patron = await h.patronToken('ana');
    const selector = await h.token('selector');
    await h.call('POST', '/api/v1/suggestions', {
      token: patron,
      body: { title: 'The Great Crash, 1929', author: 'J. K. Galbraith' },
    });
    await h.call('POST', '/api/v1/suggestions', {
      token: patron,
      body: { title: 'A book no one borrowed', author: 'Nobody' },
    });
    await runRescoreJobs(h.deps);
    const list = await (await h.call('GET', '/api/v1/buylist?all=true', { token: selector })).json();
    const crash = list.items.find((i: { title: string }) => i.title === 'The Great Crash, 1929');
    expect(crash.components.ill).toMatchObject({ value: 2 });
    expect(crash.reason).toContain('borrowed 2× through ILL');
    expect(list.items[0].title).toBe('The Great Crash, 1929');
  });

  it('keeps in its run what the summary says, so the same export imported again is found done', async () => {
    await importIll(h.deps, fileSource(ILLIAD), { preset: 'illiad' });
    const [run] = await listImportRuns(h.db, { limit: 1 });
    expect(run).toMatchObject({ kind: 'ill', records: 6, imported: 3, rejected: 1, status: 'complete' });
    const again = await importIll(h.deps, fileSource(ILLIAD), { preset: 'illiad' });
    expect(again).toMatchObject({ alreadyImported: true, imported: 0 });
    expect(again.warnings.join(' ')).toMatch(/3 imported, 1 rejected/);
  });

  it('counts each rejected row once in a file written in several batches, and each request imported or skipped', async () => {
    const header = 'TransactionNumber,RequestType,ProcessType,LoanTitle,LoanAuthor,ISSN,CreationDate,Department\n';
    const rows = Array.from({ length: 4500 }, (_, i) =>
      i % 1000 === 999
        ? `${500000 + i},Loan,Borrowing,,,,2025-10-02,History`
        : `${500000 + i},Loan,Borrowing,Book number ${i},"Author, An",,2025-10-02,History`,
    );
    // The first batch's first request again at the end: an export that lists it twice.
    rows.push(rows[0]!);
    const file = bufferSource('illiad-large.csv', Buffer.from(header + rows.join('\n') + '\n'));
    const summary = await importIll(h.deps, file, { preset: 'illiad' });
    expect(summary).toMatchObject({ read: 4501, imported: 4496, skipped: 1, rejected: 4 });
    const [run] = await listImportRuns(h.db, { limit: 1 });
    expect(run).toMatchObject({ records: 4501, imported: 4496, skipped: 1, rejected: 4, status: 'complete' });
  });

  it('says which columns it needs when the export is not what the preset expects', async () => {
    const wrong = bufferSource('wrong.csv', Buffer.from('id,when,what\n1,2025-01-01,x\n'));
    await expect(importIll(h.deps, wrong, { preset: 'illiad' })).rejects.toThrow(
      /needs a request date and a title or ISBN/,
    );
    await expect(importIll(h.deps, wrong, { preset: 'nope' })).rejects.toThrow(/There is no ILL preset "nope"/);
  });
});
