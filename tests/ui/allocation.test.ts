// The allocation page without a browser: what a head of acquisitions reads, the GET form that
// works without JavaScript, errors beside their fields, who may open it, its languages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

const DEPARTMENTS = `code,name,liaison_email,locale,fund,budget,disciplines
CS,Computer Science,,en,CS-MONO,4000,computer-science
HIST,歷史學系 History,,zh-Hant,HUM-MONO,6000,history
NEW,New Programme,,en,,,
`;

describe('the allocation page', () => {
  let h: Harness;
  let selector: Visitor;

  beforeEach(async () => {
    h = await harness();
    await importDepartments(h.deps, bufferSource('departments.csv', Buffer.from(DEPARTMENTS)));
    const loans = ['loaned_at,call_number,department'];
    for (let i = 0; i < 80; i++) loans.push(`2025-0${(i % 7) + 3}-10,QA76.73 .P98,CS`);
    for (let i = 0; i < 20; i++) loans.push(`2025-10-${String((i % 27) + 1).padStart(2, '0')},DS735 .F3,HIST`);
    await importLoans(h.deps, bufferSource('loans.csv', Buffer.from(loans.join('\n'))));
    await importHoldings(
      h.deps,
      bufferSource('holdings.csv', Buffer.from('isbn,call_number,items\n,QA76.73 .A1,20\n,DS735 .A1,80\n')),
    );
    selector = visitor(h);
    await selector.signIn(await h.token('selector', { externalId: 'priya', displayName: 'Priya' }));
  });
  afterEach(() => h.close());

  it('shows how the budgets split, as a chart read out as numbers and a table with each department’s reason', async () => {
    const response = await selector.get('/allocation');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Fund allocation</h1>');
    expect(html).toContain('from 12 months of loans and purchases (March 2025 to February 2026)');
    expect(html).toContain('Suggested split of $10,000.00, the departments’ budgets now.');
    // The chart is a table: a caption, a row per department, the shares as text.
    const chart = /<table class="chart">([^]*?)<\/table>/.exec(html)![1]!;
    expect(chart).toContain('<caption class="visually-hidden">Suggested share against the budget now</caption>');
    expect(chart.match(/<th scope="row">/g)).toHaveLength(3);
    expect(chart).toMatch(
      /<th scope="row">Computer Science<\/th>[^]*?\d+%<span class="visually-hidden"> \(suggested\)/,
    );
    expect(chart).toContain('40%<span class="visually-hidden"> (budget now)');
    // Computer science lends 80% from 20% of the books: it is suggested more than it has.
    const table = /<table class="list">([^]*?)<\/table>/.exec(html)![1]!;
    expect(table).toContain('<caption>Figures by department</caption>');
    expect(table).toMatch(
      /80% of loans from 20% of the books \(use factor 4\.0\) · 40% of the budgets now · suggested \d\d%/,
    );
    expect(table).toMatch(/Computer Science[^]*?\+\$[\d,]+\.\d\d/);
    // A department with nothing to go on is listed, kept up by the floor.
    expect(table).toContain('New Programme');
    expect(table).toContain('reads in no discipline · no loans in the period · no budget now · suggested');
    expect(html).toContain('every department keeps at least 25% of an equal share');
    expect(html).toContain('No trend is shown');
  });

  it("is one of the reports: the header's Reports is current on it, and the reports' tabs lead to it", async () => {
    const html = await (await selector.get('/allocation')).text();
    expect(html).toContain('<a href="/reports" aria-current="page">Reports</a>');
    expect(html).toContain('<a href="/allocation" aria-current="page">Fund allocation</a>');
    expect(await (await selector.get('/buylist')).text()).toContain('<a href="/reports">Reports</a>');
    expect(await (await selector.get('/reports')).text()).toContain('<a href="/allocation">Fund allocation</a>');
  });

  it('splits the total and period asked for by a form that works without JavaScript', async () => {
    const html = await (await selector.get('/allocation?total=25000.50&window=24&asOf=2025-12')).text();
    expect(html).toMatch(/<form method="get" action="\/allocation"/);
    expect(html).toContain('value="25000.50"');
    expect(html).toMatch(/<option value="24" selected="">24 months<\/option>/);
    expect(html).toContain('Suggested split of $25,000.50.');
    expect(html).toContain('(January 2024 to December 2025)');
    const cents = [...html.matchAll(/<strong>\$([\d,]+\.\d\d)<\/strong>/g)].map((m) =>
      Math.round(Number(m[1]!.replace(/,/g, '')) * 100),
    );
    expect(cents).toHaveLength(3);
    expect(cents.reduce((a, b) => a + b, 0)).toBe(2_500_050);
  });

  it('says what is wrong with a total or a month beside the field, keeping what was typed', async () => {
    const response = await selector.get('/allocation?total=lots&asOf=Feb');
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<span class="field-error" id="a-total-error">Give the budget as an amount');
    expect(html).toMatch(
      /id="a-total" name="total" value="lots"[^>]*aria-describedby="a-total-hint a-total-error" aria-invalid="true"/,
    );
    expect(html).toContain('<span class="field-error" id="a-asof-error">Give the month as YYYY-MM');
    // The rest of the page is still there, for the budgets now.
    expect(html).toContain('Figures by department');
  });

  it('is for selectors and admins, not liaisons or patrons', async () => {
    const admin = visitor(h);
    await admin.signIn(await h.token('admin'));
    expect((await admin.get('/allocation')).status).toBe(200);
    const liaison = visitor(h);
    await liaison.signIn(await h.token('liaison', undefined, 'CS'));
    const refused = await liaison.get('/allocation');
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('Figures by department');
    expect(await (await liaison.get('/departments/CS')).text()).not.toContain('href="/allocation"');
    expect((await visitor(h).get('/allocation')).headers.get('location')).toBe('/signin?next=%2Fallocation');
  });

  it('reads in Chinese, the reasons too', async () => {
    await selector.get('/lang/zh-Hans?next=%2F');
    const hans = await (await selector.get('/allocation')).text();
    expect(hans).toContain('<h1>经费分配</h1>');
    expect(hans).toMatch(/借阅占80%，馆藏占20%（使用系数4\.0）；现有经费占40%；建议\d\d%/);
    expect(hans).toContain('2025年3月');
    await selector.get('/lang/zh-Hant?next=%2F');
    const hant = await (await selector.get('/allocation')).text();
    expect(hant).toContain('<h1>經費分配</h1>');
    expect(hant).toContain('借閱占80%，館藏占20%（使用係數4.0）');
  });
});
