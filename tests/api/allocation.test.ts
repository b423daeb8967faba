import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Metadata } from '../../src/domain/metadata.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { DAY, cacheProviderAnswers, type Harness, harness } from './harness.js';

const DEPARTMENTS = `code,name,liaison_email,locale,fund,budget,disciplines
CS,Computer Science,,en,CS-MONO,4000,computer-science;statistics
MATH,Mathematics,,en,MATH-MONO,4000,mathematics;statistics
HIST,History,,en,HUM-MONO,2000,history
NEW,New Programme,,en,,,
`;

const BOOKS: Record<string, Partial<Metadata>> = {
  // Statistics, which CS and MATH both read.
  '9780387848570': {
    title: 'The Elements of Statistical Learning',
    lcc: ['QA276 .H33 2009'],
    listPrice: { amount: 80, currency: 'USD' },
  },
  '9780262510875': {
    title: 'Structure and Interpretation of Computer Programs',
    lcc: ['QA76.6 .A255 1996'],
    listPrice: { amount: 50, currency: 'USD' },
  },
  '9780393317558': { title: 'Guns, Germs, and Steel', lcc: ['D21 .D48'], listPrice: { amount: 20, currency: 'USD' } },
  '9780226458120': { title: 'The Structure of Scientific Revolutions', lcc: ['D16 .K95'] },
  '9780521880688': { title: 'A Book Priced in Euros', lcc: ['QA300 .B6'], listPrice: { amount: 40, currency: 'EUR' } },
  '9780465026562': { title: 'Bought Long Ago', lcc: ['D16.8 .G6'], listPrice: { amount: 500, currency: 'USD' } },
};

/** Loans in a month: `n` of one call number, by one department ('' for none). */
const loans = (month: string, n: number, call: string, department: string) =>
  Array.from({ length: n }, (_, i) => `${month}-${String((i % 27) + 1).padStart(2, '0')},${call},${department}`);

describe('GET /api/v1/allocation', () => {
  let h: Harness;
  let selector: string;

  beforeEach(async () => {
    h = await harness({ ENRICH_PROVIDERS: 'holdings,googlebooks', GOOGLE_BOOKS_URL: 'http://127.0.0.1:9' });
    await importDepartments(h.deps, bufferSource('departments.csv', Buffer.from(DEPARTMENTS)));
    // The window to February 2026: computer science lends most, from few books.
    const rows = [
      'loaned_at,call_number,department',
      ...loans('2025-06', 60, 'QA76.73 .P98', 'CS'),
      ...loans('2025-10', 20, 'QA300 .S6', 'MATH'),
      ...loans('2025-11', 20, 'DS735 .F3', 'HIST'),
      // Loans without a department count for the departments that read statistics.
      ...loans('2026-01', 10, 'QA276 .A2', ''),
    ];
    await importLoans(h.deps, bufferSource('loans.csv', Buffer.from(rows.join('\n'))));
    await importHoldings(
      h.deps,
      bufferSource(
        'holdings.csv',
        Buffer.from('isbn,call_number,items\n,QA76.73 .A1,10\n,QA300 .A1,20\n,DS735 .A1,20\n,QA276 .A1,10\n'),
      ),
    );
    await cacheProviderAnswers(h, BOOKS);
    selector = await h.token('selector', { externalId: 'priya' });
  });
  afterEach(() => h.close());

  const get = async (query = '', token = selector) => h.call('GET', `/api/v1/allocation${query}`, { token });
  const byCode = (body: { departments: { code: string }[] }) =>
    new Map(body.departments.map((d) => [d.code, d as Record<string, unknown>]));

  /** A patron of `department` asks for `isbn`; the title is enriched (its price and discipline). */
  async function asked(isbn: string, department: string): Promise<number> {
    const patron = await h.patronToken(`p-${isbn}-${department}`, { departmentCode: department, category: 'faculty' });
    const response = await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn } });
    expect(response.status).toBe(201);
    await runEnrichment(h.deps);
    return ((await response.json()) as { title: { id: number } }).title.id;
  }
  const move = async (id: number, status: string) => {
    const response = await h.call('POST', `/api/v1/titles/${id}/status`, {
      token: selector,
      body: { status, reason: 'test' },
    });
    expect(response.status, status).toBe(200);
  };

  it('suggests how the departments’ budgets split, with the reasons, to the cent', async () => {
    const response = await get('?asOf=2026-02');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      asOf: '2026-02',
      window: { months: 12, from: '2025-03', to: '2026-02' },
      currency: 'USD',
      total: 10000,
      totalFrom: 'budgets',
      settings: { weights: { loans: 0.5, budget: 0.3, spend: 0.2 }, useFactor: 0.25, floor: 0.25 },
    });
    // Nothing was bought: loans and the budgets now keep their proportions, 5 to 3.
    expect(body.basis.loans).toBeCloseTo(0.625);
    expect(body.basis.budget).toBeCloseTo(0.375);
    expect(body.basis.spend).toBe(0);
    const split = byCode(body);
    // Its own 60, and half the 10 statistics loans without a department (neither reader's own
    // people borrowed statistics); statistics' 10 books go the same way.
    expect(split.get('CS')).toMatchObject({ loans: 65, items: 15, budget: 4000, fund: 'CS-MONO' });
    expect(split.get('MATH')).toMatchObject({ loans: 25, items: 25 });
    expect(body.departments[0].code).toBe('CS');
    expect(split.get('CS')!.suggested as number).toBeGreaterThan(4000);
    expect(split.get('CS')!.reason).toMatch(
      /^59% of loans from 25% of the books \(use factor 2\.4\) · 40% of the budgets now · suggested \d\d%$/,
    );
    // A department with no loans, books or budget is listed, funded by the floor.
    expect(split.get('NEW')).toMatchObject({
      loans: 0,
      budget: null,
      suggested: 625,
      notes: expect.arrayContaining(['floor']),
    });
    const cents = body.departments.reduce(
      (s: number, d: { suggested: number }) => s + Math.round(d.suggested * 100),
      0,
    );
    expect(cents).toBe(1_000_000);
  });

  it('splits a total given, to the cent, in the reader’s language', async () => {
    const body = await (await get('?total=12345.67&asOf=2026-02&lang=zh-Hans')).json();
    expect(body).toMatchObject({ total: 12345.67, totalFrom: 'given' });
    const cents = body.departments.reduce(
      (s: number, d: { suggested: number }) => s + Math.round(d.suggested * 100),
      0,
    );
    expect(cents).toBe(1_234_567);
    expect(byCode(body).get('CS')!.reason).toMatch(/^借阅占59%，馆藏占25%（使用系数2\.4）；现有经费占40%；建议\d\d%$/);
  });

  it('counts what was bought in the window once, for the department it is charged to, at its list price', async () => {
    h.advance(-400 * DAY); // 2025-01-26: bought long before the window
    const old = await asked('9780465026562', 'HIST');
    await move(old, 'approved');
    h.advance(240 * DAY); // 2025-09-23
    // Statistics asked for by a mathematician: Mathematics pays, once, for every step.
    const statistics = await asked('9780387848570', 'MATH');
    await move(statistics, 'approved');
    h.advance(10 * DAY);
    await move(statistics, 'ordered');
    h.advance(10 * DAY);
    await move(statistics, 'received');
    await move(statistics, 'available');
    // Computer science asked for by a historian: the subject's fund pays.
    await move(await asked('9780262510875', 'HIST'), 'approved');
    const cancelled = await asked('9780393317558', 'HIST');
    await move(cancelled, 'approved');
    await move(cancelled, 'cancelled');
    await move(await asked('9780521880688', 'MATH'), 'approved');
    // Asked for and not yet decided: not spent.
    await asked('9780226458120', 'HIST');
    h.advance(150 * DAY); // 2026-03-02

    const body = await (await get('?asOf=2026-02')).json();
    const split = byCode(body);
    expect(split.get('MATH')!.spend).toBe(80);
    expect(split.get('CS')!.spend).toBe(50);
    expect(split.get('HIST')!.spend).toBe(0);
    expect(body.library).toMatchObject({ spend: 130, unpricedTitles: 1, unattributed: { spend: 0 } });
    // $130 of a $10,000 budget: spend counts, a little.
    expect(body.basis.spend).toBeCloseTo((0.2 * 0.013) / (0.8 + 0.2 * 0.013));
    expect(split.get('MATH')!.spendShare).toBeCloseTo(80 / 130);
    expect(split.get('MATH')!.reason).toContain('62% of the spend');
    expect(split.get('HIST')!.reason).not.toContain('spend');
    // The window before holds the old purchase, once.
    const before = await (await get('?asOf=2025-02')).json();
    expect(byCode(before).get('HIST')!.spend).toBe(500);
  });

  it('gives each department’s trend only when the loans cover the whole window before', async () => {
    const first = await (await get('?asOf=2026-02')).json();
    expect(first.trend).toBe(false);
    expect(first.departments.every((d: { trend: number | null }) => d.trend === null)).toBe(true);

    const earlier = [
      'loaned_at,call_number,department',
      ...loans('2024-03', 30, 'QA76.73 .P98', 'CS'),
      ...loans('2024-09', 40, 'DS735 .F3', 'HIST'),
    ];
    await importLoans(h.deps, bufferSource('earlier.csv', Buffer.from(earlier.join('\n'))));
    const body = await (await get('?asOf=2026-02')).json();
    expect(body.trend).toBe(true);
    const split = byCode(body);
    expect(split.get('CS')!.trend).toBeCloseTo(65 / 30 - 1);
    expect(split.get('HIST')!.trend).toBeCloseTo(-0.5);
    expect(split.get('HIST')!.reason).toContain('loans down 50% on the period before');
    // A shorter window has a full window before it too.
    expect((await (await get('?asOf=2026-02&window=6')).json()).window).toEqual({
      months: 6,
      from: '2025-09',
      to: '2026-02',
    });
  });

  it('looks at the twelve months to the last complete month unless asked otherwise', async () => {
    const body = await (await get()).json();
    expect(body.window).toEqual({ months: 12, from: '2025-03', to: '2026-02' });
    // Left empty, as a form without JavaScript sends them, they are the defaults.
    expect((await (await get('?total=&window=&asOf=')).json()).window).toEqual(body.window);
    const short = await (await get('?window=3')).json();
    expect(short.window).toEqual({ months: 3, from: '2025-12', to: '2026-02' });
    expect(byCode(short).get('CS')!.loans).toBe(5);
  });

  it('refuses a total, window or month it cannot read, naming the parameter', async () => {
    for (const [query, parameter] of [
      ['?total=0x10', 'total'],
      ['?total=1e3', 'total'],
      ['?total=-5', 'total'],
      ['?window=0', 'window'],
      ['?window=1.5', 'window'],
      ['?window=121', 'window'],
      ['?window=abc', 'window'],
      ['?asOf=2026-13', 'asOf'],
      ['?asOf=March', 'asOf'],
    ] as const) {
      const response = await get(query);
      expect(response.status, query).toBe(422);
      const problem = await response.json();
      expect(problem.errors[0].parameter, query).toBe(parameter);
      expect(problem.detail, query).toMatch(/^\w+: The|^total: A budget/);
    }
  });

  it('is for selectors and admins', async () => {
    expect((await get('', await h.token('admin'))).status).toBe(200);
    expect((await get('', await h.token('liaison', undefined, 'CS'))).status).toBe(403);
    expect((await get('', await h.patronToken('ana'))).status).toBe(403);
    expect((await h.call('GET', '/api/v1/allocation')).status).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await h.call('GET', '/openapi.json')).json();
    const operation = doc.paths['/api/v1/allocation'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['total', 'window', 'asOf', 'lang']);
    expect(doc.components.schemas.Allocation.properties.departments).toBeDefined();
  });
});
