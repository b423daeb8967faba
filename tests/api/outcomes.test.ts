// GET /api/v1/reports/outcomes on a history made by hand through the API itself: requests
// made, decided and bought, the library's loans imported afterwards, the clock turned.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Metadata } from '../../src/domain/metadata.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { cacheProviderAnswers, type Harness, harness } from './harness.js';

/** A CSV file of these lines, as an upload. */
const csvFile = (name: string, lines: string[]) => bufferSource(name, Buffer.from(lines.join('\n')));

const BOUGHT = '9780262510875';
const REJECTED = '9780387848570';
const OPEN = '9780393317558';
const BOOKS: Record<string, Partial<Metadata>> = {
  [BOUGHT]: {
    title: 'Structure and Interpretation of Computer Programs',
    lcc: ['QA76.6 .A255 1996'],
    listPrice: { amount: 50, currency: 'USD' },
  },
  [REJECTED]: {
    title: 'The Elements of Statistical Learning',
    lcc: ['QA276 .H33 2009'],
    listPrice: { amount: 80, currency: 'USD' },
  },
  [OPEN]: { title: 'Guns, Germs, and Steel', lcc: ['D21 .D48'], listPrice: { amount: 20, currency: 'USD' } },
};

describe('GET /api/v1/reports/outcomes', () => {
  let h: Harness;
  let selector: string;

  const at = (iso: string) => h.advance(new Date(iso).getTime() - h.now.getTime());

  async function asked(isbn: string, patron: string, department: string): Promise<number> {
    const token = await h.patronToken(patron, { departmentCode: department, category: 'faculty' });
    const response = await h.call('POST', '/api/v1/suggestions', { token, body: { isbn } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { title: { id: number } }).title.id;
  }
  async function move(id: number, status: string, reason?: string) {
    const response = await h.call('POST', `/api/v1/titles/${id}/status`, {
      token: selector,
      body: reason ? { status, reason } : { status },
    });
    expect(response.status, `${status}: ${await response.clone().text()}`).toBe(200);
  }
  const report = async (query = '', token = selector) => h.call('GET', `/api/v1/reports/outcomes${query}`, { token });

  beforeEach(async () => {
    h = await harness({ ENRICH_PROVIDERS: 'holdings,googlebooks', GOOGLE_BOOKS_URL: 'http://127.0.0.1:9' });
    await importDepartments(
      h.deps,
      bufferSource(
        'departments.csv',
        Buffer.from(
          'code,name,fund,disciplines\nCS,Computer Science,CS-MONO,computer-science\nHIST,History,,history\n',
        ),
      ),
    );
    await cacheProviderAnswers(h, BOOKS);
    selector = await h.token('selector', { externalId: 'priya' });

    // Asked for on a Friday evening, approved on Monday morning, on the shelf two weeks later.
    at('2026-03-06T18:00:00Z');
    const bought = await asked(BOUGHT, 'ana', 'CS');
    await asked(BOUGHT, 'ben', 'CS');
    await runEnrichment(h.deps);
    at('2026-03-09T08:24:00Z');
    await move(bought, 'approved');
    await move(bought, 'ordered');
    at('2026-03-18T10:00:00Z');
    await move(bought, 'received');
    at('2026-03-20T10:00:00Z');
    await move(bought, 'available');
    // Another request, turned down two days after it was made, and one still waiting.
    const rejected = await asked(REJECTED, 'chen', 'CS');
    await runEnrichment(h.deps);
    at('2026-03-22T10:00:00Z');
    await move(rejected, 'rejected', 'too_expensive');
    await asked(OPEN, 'dana', 'HIST');
    await runEnrichment(h.deps);

    // A year on, the library's loans: three in the book's first six months, one more by March.
    at('2027-03-05T09:00:00Z');
    const loans = [
      'loaned_at,isbn,call_number,department',
      `2026-04-02,${BOUGHT},QA76.6 .A255 1996,CS`,
      `2026-05-11,${BOUGHT},QA76.6 .A255 1996,CS`,
      `2026-08-30,${BOUGHT},QA76.6 .A255 1996,MATH`,
      `2026-12-01,${BOUGHT},QA76.6 .A255 1996,CS`,
      // After its first year: not counted.
      `2027-03-01,${BOUGHT},QA76.6 .A255 1996,CS`,
    ];
    await importLoans(h.deps, csvFile('loans.csv', loans));
  });

  it("compares the use of what was bought on request with the library's other acquisitions of the period and discipline", async () => {
    // Two other computer science books acquired after it, borrowed once between them; a
    // history book acquired then is another discipline's, and one from before is another period's.
    await importHoldings(
      h.deps,
      csvFile('holdings.csv', [
        'isbn,call_number,acquired',
        '9780134685991,QA76.73.J38 B57 2018,2026-04-01',
        '9781593279509,QA76.73.J39 H38 2018,2026-05-10',
        '9780374275631,D16 .K95,2026-04-01',
        '9780201896831,QA76.6 .K64 1997,2025-01-10',
      ]),
    );
    await importLoans(
      h.deps,
      csvFile('more-loans.csv', [
        'loan_id,loaned_at,isbn,call_number',
        'm1,2026-06-01,9780134685991,QA76.73.J38 B57 2018',
        'm2,2026-06-01,9780374275631,D16 .K95',
        'm3,2026-06-02,9780374275631,D16 .K95',
        'm4,2026-06-01,9780201896831,QA76.6 .K64 1997',
      ]),
    );
    // A year on from the last of them, all three have had their first twelve months.
    at('2027-06-01T09:00:00Z');
    const body = await (await report()).json();
    expect(body.comparison).toMatchObject({
      since: '2026-03-20',
      disciplines: ['computer-science'],
      requested: { titles: 1, loans: 4, loansPerTitle: 4 },
      others: { titles: 2, loans: 1, loansPerTitle: 0.5, neverBorrowedShare: 0.5 },
      difference: { value: 3.5 },
    });
    expect(body.comparison.difference.low).toBeLessThanOrEqual(3.5);
  });

  it("counts another acquisition's loans from the month it arrived through the eleventh after, as a requested title's", async () => {
    // One arrived on the last day of April, one on New Year's Eve: each month at the edge of
    // their first twelve is borrowed once.
    await importHoldings(
      h.deps,
      csvFile('holdings.csv', [
        'isbn,call_number,acquired',
        '9780134685991,QA76.73.J38 B57 2018,2026-04-30',
        '9781593279509,QA76.73.J39 H38 2018,2026-12-31',
      ]),
    );
    const edges = [
      ['9780134685991', '2026-03-15'], // before it arrived
      ['9780134685991', '2026-04-30'], // its first month
      ['9780134685991', '2027-03-31'], // its twelfth
      ['9780134685991', '2027-04-01'], // after its first year
      ['9781593279509', '2026-12-31'],
      ['9781593279509', '2027-11-30'],
      ['9781593279509', '2027-12-01'],
    ];
    at('2028-01-05T09:00:00Z');
    await importLoans(
      h.deps,
      csvFile('edge-loans.csv', [
        'loan_id,loaned_at,isbn,call_number',
        ...edges.map(([isbn, day], i) => `e${i},${day},${isbn},QA76.73`),
      ]),
    );
    const body = await (await report()).json();
    expect(body.comparison).toMatchObject({
      requested: { titles: 1, loans: 4 },
      others: { titles: 2, loans: 4, loansPerTitle: 2, neverBorrowedShare: 0 },
    });
  });
  afterEach(() => h.close());

  it('says how fast requests were answered, how many were filled, how what was bought was used and what a loan cost', async () => {
    const response = await report();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.summary).toMatchObject({
      titles: 3,
      requests: 4,
      filled: 1,
      fillRate: 0.5,
      notFilled: { too_expensive: 1 },
      open: 1,
      use6m: { titles: 1, loans: 3, loansPerTitle: 3, neverBorrowedShare: 0 },
      use12m: { titles: 1, loans: 4 },
      spent: { USD: 50 },
      costPerLoan: { amount: 12.5, currency: 'USD' },
    });
    // Friday 18:00 to Monday 08:24 is 2.6 days, the weekend included; the rejection took 2.
    expect(body.summary.medianDaysToDecision).toBeCloseTo(2.3);
    expect(body.summary.medianDaysToAvailable).toBeCloseTo(13.7);
    expect(body.titles).toEqual([
      {
        titleId: expect.any(Number),
        isbn13: BOUGHT,
        title: 'Structure and Interpretation of Computer Programs',
        requests: 2,
        requestedAt: '2026-03-06T18:00:00.000Z',
        availableAt: '2026-03-20T10:00:00.000Z',
        price: { amount: 50, currency: 'USD' },
        fund: 'CS-MONO',
        loans6m: 3,
        loans12m: 4,
      },
    ]);
    const cs = body.by.department.find((g: { group: string }) => g.group === 'CS');
    expect(cs.summary).toMatchObject({ titles: 2, filled: 1 });
    expect(body.by.selector).toEqual([expect.objectContaining({ group: expect.stringMatching(/^token:/) })]);
  });

  it("keeps to one department's requests, and to the period asked", async () => {
    const history = await (await report('?department=HIST')).json();
    expect(history.summary).toMatchObject({ titles: 1, filled: 0, open: 1, fillRate: null });
    const later = await (await report('?from=2026-03-21')).json();
    expect(later.summary).toMatchObject({ titles: 1, requests: 1 });
    const liaison = await h.token('liaison', undefined, 'HIST');
    expect((await (await report('', liaison)).json()).department).toBe('HIST');
    expect((await report('?department=CS', liaison)).status).toBe(403);
  });

  it("counts a title in the period of its first request: asked for again a year later, it is not that period's request", async () => {
    await asked(OPEN, 'eve', 'HIST');
    const thisYear = await (await report('?from=2027-01-01')).json();
    expect(thisYear.summary).toMatchObject({ titles: 0, requests: 0 });
    const lastYear = await (await report('?from=2026-03-01')).json();
    expect(lastYear.summary).toMatchObject({ titles: 3, requests: 5 });
    const history = lastYear.by.department.find((g: { group: string }) => g.group === 'HIST');
    expect(history.summary).toMatchObject({ titles: 1, requests: 2, open: 1 });
  });

  it('gives the titles bought as a spreadsheet, the loans of a window not yet over left empty', async () => {
    at('2026-10-01T09:00:00Z');
    const response = await report('?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual([
      'title_id,isbn13,title,requests,requested_at,available_at,price,currency,fund,loans_6m,loans_12m',
      expect.stringMatching(
        new RegExp(
          `^\\d+,${BOUGHT},Structure and Interpretation of Computer Programs,2,2026-03-06,2026-03-20,50.00,USD,CS-MONO,3,$`,
        ),
      ),
    ]);
  });

  it('refuses a day that is not one, in a sentence', async () => {
    const response = await report('?from=2026-13-01');
    expect(response.status).toBe(422);
    expect((await response.json()).errors[0]).toMatchObject({
      parameter: 'from',
      detail: 'A day is written YYYY-MM-DD, such as 2026-09-01.',
    });
  });
});
