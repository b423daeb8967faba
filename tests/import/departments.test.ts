import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';

describe('setting up departments from one file', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('loads the demo departments with their liaisons, funds, budgets and disciplines', async () => {
    const summary = await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    expect(summary).toMatchObject({ read: 13, imported: 13, rejected: 0 });
    const cs = await h.db.orm.get<{ name: string; budget_cents: number; locale: string }>(
      sql`SELECT * FROM departments WHERE code = 'CS'`,
    );
    expect(cs).toMatchObject({ name: 'Computer Science', budget_cents: 30_000, locale: 'en' });
    const disciplines = await h.db.orm.all<{ discipline: string }>(
      sql`SELECT discipline FROM department_disciplines WHERE department_code = 'HIST' ORDER BY 1`,
    );
    expect(disciplines.map((d) => d.discipline)).toEqual(['chinese-language-literature', 'history', 'philosophy']);
  });

  it('rejects bad rows by line and names what is wrong', async () => {
    const summary = await importDepartments(
      h.deps,
      bufferSource(
        'd.csv',
        Buffer.from(
          [
            'code,name,liaison_email,locale,fund,budget,disciplines',
            'CS,Computer Science,cs@example.edu,en,CS,1000,computer-science',
            'GEO,Geography,not-an-email,en,,,geography',
            'ALCH,Alchemy,,en,,12,alchemy;chemistry',
            'ART,Art,,fr,,-5,art-design',
          ].join('\n'),
        ),
      ),
    );
    expect(summary).toMatchObject({ read: 4, imported: 1, rejected: 3 });
    expect(summary.rejections).toEqual([
      { line: 3, reason: 'liaison_email is not an email address' },
      { line: 4, reason: 'unknown discipline(s): alchemy (see db/classification/disciplines.json)' },
      { line: 5, reason: expect.stringMatching(/locale must be one of .*; budget is negative/) },
    ]);
  });

  it('updates a department and replaces its disciplines on a later file', async () => {
    const header = 'code,name,liaison_email,locale,fund,budget,disciplines\n';
    await importDepartments(
      h.deps,
      bufferSource('a.csv', Buffer.from(`${header}CS,Computing,,en,,100,computer-science;statistics\n`)),
    );
    await importDepartments(
      h.deps,
      bufferSource('b.csv', Buffer.from(`${header}CS,Computer Science,,zh-Hans,,200,mathematics\n`)),
    );
    const cs = await h.db.orm.get<{ name: string; locale: string }>(
      sql`SELECT name, locale FROM departments WHERE code = 'CS'`,
    );
    expect(cs).toEqual({ name: 'Computer Science', locale: 'zh-Hans' });
    const disciplines = await h.db.orm.all<{ discipline: string }>(sql`SELECT discipline FROM department_disciplines`);
    expect(disciplines).toEqual([{ discipline: 'mathematics' }]);
  });

  it('refuses a name or fund with a control character in it, by line, and stores nothing of it', async () => {
    const header = 'code,name,liaison_email,locale,fund,budget,disciplines';
    const summary = await importDepartments(
      h.deps,
      bufferSource(
        'd.csv',
        Buffer.from(
          [
            header,
            'CS,Comp\u0007uter Science,,en,,,computer-science',
            'MATH,Mathematics,,en,MA\u001b[31mTH,,mathematics',
            'HIST,History,,en,HUM,,history',
          ].join('\n'),
        ),
      ),
    );
    expect(summary).toMatchObject({ read: 3, imported: 1, rejected: 2 });
    expect(summary.rejections).toEqual([
      { line: 2, reason: 'name holds a control character (U+0007) at character 5' },
      { line: 3, reason: 'fund holds a control character (U+001B) at character 3' },
    ]);
    const stored = await h.db.orm.all<{ code: string }>(sql`SELECT code FROM departments ORDER BY code`);
    expect(stored).toEqual([{ code: 'HIST' }]);
  });
});
