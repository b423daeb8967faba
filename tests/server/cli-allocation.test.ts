import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { r2b, tempDatabase } from './process.js';

const departments = new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname;

describe('the r2b allocation command', () => {
  it('prints the split as a table whose columns line up, Chinese names included, and as JSON to the cent', async () => {
    const database = tempDatabase();
    const env = { DATABASE_PATH: database };
    await r2b(['import', 'departments', departments], env);
    const loans = join(dirname(database), 'loans.csv');
    const rows = ['loaned_at,call_number,department'];
    for (let i = 0; i < 40; i++) rows.push(`2025-0${(i % 7) + 3}-14,QA76.73 .P98,CS`);
    for (let i = 0; i < 30; i++) rows.push(`2025-11-${String((i % 27) + 1).padStart(2, '0')},QA300 .S6,MATH`);
    for (let i = 0; i < 10; i++) rows.push(`2026-01-0${(i % 9) + 1},DS735 .F3,HIST`);
    writeFileSync(loans, rows.join('\n'));
    await r2b(['import', 'loans', loans], env);

    const { stdout } = await r2b(['allocation', '--total', '36000', '--as-of', '2026-02'], env);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      'Suggested split of $36,000.00, from the loans and purchases of 2025-03 to 2026-02 (12 months)',
    );
    const header = lines.find((l) => l.startsWith('code'))!;
    const table = lines.slice(lines.indexOf(header), lines.indexOf(header) + 14);
    // Each column begins at the same terminal column on every line: 数学系 takes two columns a character.
    const at = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    const math = table.find((l) => l.startsWith('MATH'))!;
    const cs = table.find((l) => l.startsWith('CS'))!;
    expect(math).toContain('数学系 Mathematics');
    expect(at(math, '30 (38%)')).toBe(at(header, 'loans'));
    expect(at(cs, '40 (50%)')).toBe(at(header, 'loans'));
    expect(at(cs, '$300.00 (0.8%)')).toBe(at(header, 'budget now'));
    // Departments no one borrowed from are listed, with their budget now.
    expect(table.find((l) => l.startsWith('LAW'))).toMatch(/^LAW +Law +0 \(0%\) .* \$5,000\.00 \(14%\) .* no loans$/);
    expect(stdout).toContain('No trend: the loans imported do not cover the 12 months before 2025-03.');

    const json = JSON.parse(
      (await r2b(['allocation', '--total', '36000.01', '--as-of', '2026-02', '--json', '--locale', 'zh-Hant'], env))
        .stdout,
    );
    expect(json.departments).toHaveLength(13);
    const cents = json.departments.reduce(
      (s: number, d: { suggested: number }) => s + Math.round(d.suggested * 100),
      0,
    );
    expect(cents).toBe(3_600_001);
    expect(json.departments.find((d: { code: string }) => d.code === 'CS').reason).toContain('借閱占50%');
  });

  it('refuses a total, window or month it cannot read, as the API does', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    await expect(r2b(['allocation', '--total', '0x10'], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("r2b: --total: A budget is an amount in the library's currency"),
    });
    await expect(r2b(['allocation', '--as-of', '2026-13'], env)).rejects.toMatchObject({
      stderr: expect.stringContaining('--as-of: The last month of the window is written YYYY-MM'),
    });
    await expect(r2b(['allocation', '--window', '0'], env)).rejects.toMatchObject({
      stderr: expect.stringContaining('--window: The window is from 1 to 120 months.'),
    });
  });

  it('prints the example of docs/allocation.md as the page shows it', async () => {
    const database = tempDatabase();
    const env = { DATABASE_PATH: database };
    const file = (name: string, text: string) => {
      writeFileSync(join(dirname(database), name), text);
      return join(dirname(database), name);
    };
    const departmentsFile = file(
      'departments.csv',
      'code,name,liaison_email,locale,fund,budget,disciplines\n' +
        'CS,Computer Science,,en,CS-MONO,4000,computer-science;statistics\n' +
        'MATH,Mathematics,,en,MATH-MONO,4000,mathematics;statistics\n' +
        'HIST,History,,en,HUM-MONO,2000,history\n' +
        'NEW,New Programme,,en,,,\n',
    );
    const loans = ['loaned_at,call_number,department'];
    const lend = (month: string, n: number, call: string, department: string) => {
      for (let i = 0; i < n; i++) loans.push(`${month}-${String((i % 27) + 1).padStart(2, '0')},${call},${department}`);
    };
    lend('2025-06', 60, 'QA76.73 .P98', 'CS');
    lend('2025-10', 20, 'QA300 .S6', 'MATH');
    lend('2025-11', 20, 'DS735 .F3', 'HIST');
    lend('2026-01', 10, 'QA276 .A2', '');
    await r2b(['import', 'departments', departmentsFile], env);
    await r2b(['import', 'loans', file('loans.csv', loans.join('\n'))], env);
    await r2b(
      [
        'import',
        'holdings',
        file('holdings.csv', 'isbn,call_number,items\n,QA76.73 .A1,10\n,QA300 .A1,20\n,DS735 .A1,20\n,QA276 .A1,10\n'),
      ],
      env,
    );
    const page = readFileSync(new URL('../../docs/allocation.md', import.meta.url), 'utf8');
    const shown = /```\n\$ npx r2b allocation --as-of 2026-02\n([^]*?)```/.exec(page)![1]!;
    const { stdout } = await r2b(['allocation', '--as-of', '2026-02'], env);
    expect(stdout).toBe(shown);
  });
});
