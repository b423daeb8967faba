import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readIso2709, subfields } from '../../src/services/imports/marc.js';
import { r2b, tempDatabase } from './process.js';

const departments = new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname;

describe('the r2b buylist command', () => {
  it('writes the order records for the ILS asked for, the order sheet, and refuses what the library has not set up', async () => {
    const database = tempDatabase();
    const env = { DATABASE_PATH: database, ENRICH_PROVIDERS: 'holdings', ORDER_OWNING_LIBRARY: 'MAIN' };
    await r2b(['import', 'departments', departments], env);
    const requests = join(dirname(database), 'requests.csv');
    writeFileSync(
      requests,
      [
        'requested_at,patron_id,patron_category,department,isbn,title,author,format,reason',
        '2026-01-10,p1,faculty,CS,9780262035613,Deep Learning,Ian Goodfellow,print,For the seminar',
        '2026-01-11,p2,graduate,HIST,,Collected Poems,Philip Larkin,ebook,我的论文',
      ].join('\n'),
    );
    await r2b(['import', 'suggestions', requests], env);

    const out = join(dirname(database), 'orders.mrc');
    const { stderr } = await r2b(['buylist', '--format', 'marc', '--profile', 'koha', '--out', out], env);
    expect(stderr).toMatch(/^wrote 2 titles to /);
    const records = [];
    for await (const read of readIso2709([readFileSync(out)])) if (read.ok) records.push(read.record);
    expect(records.map((r) => subfields(r, '975', 'h'))).toEqual([['CS-MONO'], ['HUM-MONO']]);
    expect(records.map((r) => subfields(r, '975', 'a'))).toEqual([['MAIN'], ['MAIN']]);
    expect(records.map((r) => subfields(r, '100', 'a'))).toEqual([['Goodfellow, Ian'], ['Larkin, Philip']]);

    const sheet = await r2b(['buylist', '--format', 'csv', '--sheet', 'order', '--locale', 'zh-Hant'], env);
    const rows = parse(sheet.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['題名'], r['資料類型'], r['經費'], r['讀者薦購理由']])).toEqual([
      ['Deep Learning', '紙本', 'CS-MONO', 'For the seminar'],
      ['Collected Poems', '電子書', 'HUM-MONO', '我的论文'],
    ]);

    await expect(r2b(['buylist', '--format', 'folio-json'], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('FOLIO_VENDOR_ID'),
    });
    // Orders go out for the titles approved; none are yet, and a status the workflow lacks is named.
    expect((await r2b(['buylist', '--status', 'approved', '--format', 'marc'], env)).stdout).toBe('');
    await expect(r2b(['buylist', '--status', 'bought'], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is no status "bought"'),
    });
    await expect(r2b(['buylist', '--format', 'csv', '--profile', 'koha'], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--profile goes with --format marc'),
    });
  });
});
