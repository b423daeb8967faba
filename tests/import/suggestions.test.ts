import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importSuggestions } from '../../src/services/imports/suggestions.js';
import { type Harness, harness } from '../api/harness.js';

const HEADER = 'requested_at,patron_id,patron_category,department,isbn,title,author,format,reason,status,decided_at';

describe('bringing in suggestion history', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('refuses a department with a control character in it, by line, and keeps the rows around it', async () => {
    const summary = await importSuggestions(
      h.deps,
      bufferSource(
        'requests.csv',
        Buffer.from(
          [
            HEADER,
            '2025-03-01,p1,faculty,HIST,9780140449136,,,,,,',
            '2025-03-02,p2,faculty,HI\u001bST,9780262033848,,,,,,',
            '2025-03-03,p3,graduate,MATH,9780262033848,,,,,,',
          ].join('\n'),
        ),
      ),
    );
    expect(summary).toMatchObject({ read: 3, imported: 2, rejected: 1 });
    expect(summary.rejections).toEqual([
      { line: 3, reason: 'department holds a control character (U+001B) at character 3' },
    ]);
    const departments = await h.db.orm.all<{ department_code: string }>(
      sql`SELECT department_code FROM suggestions ORDER BY department_code`,
    );
    expect(departments).toEqual([{ department_code: 'HIST' }, { department_code: 'MATH' }]);
  });
});
