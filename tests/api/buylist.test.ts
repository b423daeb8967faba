import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAtomic } from '../../src/db/db.js';
import { EMPTY_METADATA, type Metadata } from '../../src/domain/metadata.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { cacheStep } from '../../src/services/enrichment/cache.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { readIso2709, subfields } from '../../src/services/imports/marc.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { visitor } from '../support/visitor.js';
import { cacheProviderAnswers, type Harness, harness } from './harness.js';

const BOOKS: Record<string, Partial<Metadata>> = {
  '9780262035613': {
    title: 'Deep Learning',
    authors: ['Ian Goodfellow'],
    lcc: ['Q325.5 .G66 2016'],
    publisher: 'MIT Press',
    publishedYear: 2016,
    listPrice: { amount: 80, currency: 'USD' },
  },
  '9780387310732': {
    title: 'Pattern Recognition and Machine Learning',
    authors: ['Christopher M. Bishop'],
    lcc: ['Q327 .B52 2006'],
    listPrice: { amount: 90, currency: 'USD' },
  },
  '9780262510875': {
    title: 'Structure and Interpretation of Computer Programs',
    authors: ['Harold Abelson'],
    lcc: ['QA76.6 .A255 1996'],
    listPrice: { amount: 65, currency: 'USD' },
  },
  '9780393317558': {
    title: 'Guns, Germs, and Steel',
    authors: ['Jared Diamond'],
    lcc: ['HM206 .D48 1999'],
    listPrice: { amount: 20, currency: 'USD' },
  },
  '9787506365437': {
    title: '活着',
    authors: ['余华'],
    lcc: ['PL2928.H78 H86 2012'],
    listPrice: { amount: 8.5, currency: 'USD' },
  },
  '9780226458120': {
    title: 'The Structure of Scientific Revolutions',
    authors: ['Thomas S. Kuhn'],
    lcc: ['Q175 .K95 2012'],
  },
};

describe('the buy list', () => {
  let h: Harness;
  let selector: string;
  const patrons: Record<string, string> = {};

  beforeEach(async () => {
    // Providers answer from the cache seeded below; nothing listens at this address.
    h = await harness(
      { ENRICH_PROVIDERS: 'holdings,googlebooks', GOOGLE_BOOKS_URL: 'http://127.0.0.1:9' },
      { selectors: { selectors: [{ patron: 'ml-selector', disciplines: ['computer-science'], lcc: [] }] } },
    );
    h.advance(260 * 86_400_000); // 2026-11-17
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    // A year of loans: computer science busy, history quiet.
    const loans = ['loaned_at,call_number,department'];
    for (let m = 1; m <= 12; m++) {
      const month =
        `2026-${String(m).padStart(2, '0')}` < '2026-11'
          ? `2026-${String(m).padStart(2, '0')}`
          : `2025-${String(m).padStart(2, '0')}`;
      for (let i = 0; i < 30; i++) loans.push(`${month}-10,QA76.${i},CS`);
      for (let i = 0; i < 5; i++) loans.push(`${month}-11,D${100 + i},HIST`);
    }
    await importLoans(h.deps, bufferSource('loans.csv', Buffer.from(loans.join('\n'))));
    await importHoldings(
      h.deps,
      bufferSource('holdings.csv', Buffer.from('isbn,call_number,items\n,QA76.1,40\n,D100,400\n,Q175,100\n')),
    );
    // What the providers would have said, already in the cache.
    await cacheProviderAnswers(h, BOOKS);
    selector = await h.token('selector', { externalId: 'ml-selector' });
    patrons.prof = await h.patronToken('prof', { category: 'faculty', departmentCode: 'CS' });
    patrons.grad = await h.patronToken('grad', { category: 'graduate', departmentCode: 'CS' });
    patrons.ug = await h.patronToken('ug', { category: 'undergraduate', departmentCode: 'CS' });
    patrons.hist = await h.patronToken('hist', { category: 'faculty', departmentCode: 'HIST', locale: 'zh-Hant' });
    const ask = (who: string, isbn: string) =>
      h.call('POST', '/api/v1/suggestions', { token: patrons[who]!, body: { isbn } });
    await ask('prof', '9780262035613');
    await ask('grad', '9780262035613');
    await ask('grad', '9780387310732');
    await ask('ug', '9780262510875');
    await ask('hist', '9780393317558');
    await ask('hist', '9787506365437');
    await ask('ug', '9780226458120');
    await runEnrichment(h.deps);
    await runRescoreJobs(h.deps);
  });
  afterEach(() => h.close());

  const list = async (query: string, token = selector) =>
    (await h.call('GET', `/api/v1/buylist?${query}`, { token })).json();

  it('ranks open titles by demand, each with why in one line', async () => {
    const body = await list('all=true');
    const titles = body.items.map((i: { title: string }) => i.title);
    expect(titles[0]).toBe('Deep Learning');
    // Who asked outweighs how busy the discipline is: one faculty request in history outranks one
    // graduate student's in computer science (real histories say the discipline's use tells little).
    expect(titles.indexOf('Guns, Germs, and Steel')).toBeLessThan(
      titles.indexOf('Pattern Recognition and Machine Learning'),
    );
    expect(body.items[0]).toMatchObject({
      rank: 1,
      requesters: 2,
      discipline: 'computer-science',
      price: 80,
      currency: 'USD',
    });
    expect(body.items[0].reason).toMatch(/^2 requesters, 1 faculty( · |$)/);
    expect(body.items[0].components.requesters.value).toBe(5);
    const scores = body.items.map((i: { score: number }) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("draws the cut line where the department's budget runs out, listing a title without a price with a flag", async () => {
    const body = await list('department=CS&budget=150&all=true');
    expect(body).toMatchObject({ budget: 150, committed: 0, remaining: 150 });
    const byTitle = Object.fromEntries(body.items.map((i: { title: string }) => [i.title, i]));
    expect(byTitle['Deep Learning']).toMatchObject({ runningTotal: 80, withinBudget: true });
    const kuhn = byTitle['The Structure of Scientific Revolutions'];
    expect(kuhn.flags).toContain('no-price');
    expect(kuhn.reason).toMatch(/no price yet$/);
    const last = body.items[body.cutLine - 1];
    expect(last.runningTotal).toBeLessThanOrEqual(150);
    expect(body.items[body.cutLine].withinBudget).toBe(false);
    // Without an explicit budget, the department's own: CS has 300.
    expect((await list('department=CS&all=true')).budget).toBe(300);
    // A budget field left empty is no budget given, not a budget of 0.
    expect((await list('department=CS&all=true&budget=')).budget).toBe(300);
  });

  it('reads a budget only as an amount: 0x10 or 1e3 is refused, not taken for 16 or 1000', async () => {
    for (const budget of ['0x10', '1e3', '-5', 'ten']) {
      const res = await h.call('GET', `/api/v1/buylist?department=CS&budget=${budget}`, { token: selector });
      expect(res.status, budget).toBe(422);
      expect((await res.json()).errors[0]).toMatchObject({ parameter: 'budget' });
    }
    expect((await list('department=CS&all=true&budget=99.50')).budget).toBe(99.5);
  });

  it('counts what is already approved against the budget', async () => {
    const first = (await list('department=CS')).items[0];
    await h.call('POST', `/api/v1/titles/${first.titleId}/status`, { token: selector, body: { status: 'approved' } });
    const after = await list('department=CS');
    expect(after).toMatchObject({ committed: 80, remaining: 220 });
    expect(after.items.map((i: { titleId: number }) => i.titleId)).not.toContain(first.titleId);
  });

  it('shows a selector the titles they look after unless they ask for all', async () => {
    const mine = await list('');
    expect(mine.scope.selector).toBe(true);
    expect(new Set(mine.items.map((i: { discipline: string }) => i.discipline))).toEqual(new Set(['computer-science']));
    expect((await list('all=true')).items.length).toBeGreaterThan(mine.items.length);
  });

  it("gives a liaison their department's list and no other", async () => {
    const liaison = await h.token('liaison', undefined, 'HIST');
    const own = await list('lang=zh-Hant', liaison);
    expect(own.scope.department).toBe('HIST');
    expect(own.items.map((i: { title: string }) => i.title)).toContain('活着');
    expect(own.items.find((i: { title: string }) => i.title === '活着').reason).toMatch(/^1位薦購者（教師1位）/);
    expect((await h.call('GET', '/api/v1/buylist?department=CS', { token: liaison })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/buylist', { token: patrons.ug })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/buylist?department=NOPE', { token: selector })).status).toBe(404);
  });

  it('exports a CSV that opens in a spreadsheet with Chinese titles intact', async () => {
    const res = await h.call('GET', '/api/v1/buylist?all=true&format=csv', { token: selector });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="buylist-all-2026-11-17.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      rank: '1',
      isbn13: '9780262035613',
      title: 'Deep Learning',
      price: '80',
      currency: 'USD',
    });
    expect(rows.map((r) => r.title)).toContain('活着');
  });

  it('keeps a title that a spreadsheet would run as a formula as text', async () => {
    const created = await h.call('POST', '/api/v1/suggestions', {
      token: await h.patronToken('mallory'),
      body: { title: '=HYPERLINK("http://evil.example","Click")', author: '@mallory' },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const text = await (await h.call('GET', '/api/v1/buylist?all=true&format=csv', { token: selector })).text();
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.title.includes('HYPERLINK'))).toMatchObject({
      title: `'=HYPERLINK("http://evil.example","Click")`,
      author: `'@mallory`,
    });
  });

  it('exports MARC21 order records an ILS can load, read back with the MARC reader', async () => {
    const res = await h.call('GET', '/api/v1/buylist?department=CS&format=marc', { token: selector });
    expect(res.headers.get('content-type')).toBe('application/marc');
    const bytes = Buffer.from(await res.arrayBuffer());
    const records = [];
    for await (const read of readIso2709([bytes])) {
      expect(read.ok).toBe(true);
      if (read.ok) records.push(read.record);
    }
    expect(records.length).toBeGreaterThan(2);
    const first = records[0]!;
    expect(first.leader[9]).toBe('a');
    expect(subfields(first, '020', 'a')).toEqual(['9780262035613']);
    expect(subfields(first, '245', 'a')).toEqual(['Deep Learning']);
    expect(subfields(first, '970', 'p')).toEqual(['80.00']);
    expect(subfields(first, '970', 'f')).toEqual(['CS-MONO']);
    expect(subfields(first, '970', 'q')).toEqual(['1']);
  });

  it('orders the copies a course calls for: in the JSON, the CSV, the budget and the order record', async () => {
    // Structure and Interpretation of Computer Programs, $65, for a course of 95 (recommended: a copy per 25).
    const asked = await h.call('POST', '/api/v1/suggestions', {
      token: patrons.prof!,
      body: { isbn: '9780262510875', course: { code: 'CS 101', term: '2027 Spring', enrolment: 95 } },
    });
    expect(asked.status).toBe(201);
    await runRescoreJobs(h.deps);
    const body = await list('department=CS&budget=1000&all=true');
    const sicp = body.items.find((i: { isbn13: string }) => i.isbn13 === '9780262510875');
    expect(sicp).toMatchObject({ quantity: 4, price: 65 });
    expect(sicp.reason).toMatch(/for CS 101, 95 students/);
    const before = body.items.filter((i: { rank: number }) => i.rank < sicp.rank);
    const spent = before.reduce(
      (sum: number, i: { price: number | null; quantity: number }) => sum + (i.price ?? 0) * i.quantity,
      0,
    );
    expect(sicp.runningTotal).toBe(spent + 4 * 65);
    const text = await (
      await h.call('GET', '/api/v1/buylist?department=CS&all=true&format=csv', { token: selector })
    ).text();
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.isbn13 === '9780262510875')).toMatchObject({ quantity: '4', price: '65' });
    expect(rows.find((r) => r.isbn13 === '9780262035613')).toMatchObject({ quantity: '1' });
    const marc = Buffer.from(
      await (
        await h.call('GET', '/api/v1/buylist?department=CS&all=true&format=marc', { token: selector })
      ).arrayBuffer(),
    );
    const quantities = new Map<string, string[]>();
    for await (const read of readIso2709([marc])) {
      if (read.ok) quantities.set(subfields(read.record, '020', 'a')[0]!, subfields(read.record, '970', 'q'));
    }
    expect(quantities.get('9780262510875')).toEqual(['4']);
    expect(quantities.get('9780262035613')).toEqual(['1']);
  });

  it('names a download after a fund code in any script, in UTF-8 with an ASCII fallback', async () => {
    const csv = 'code,name,fund,budget,disciplines\nZHLIT,中文系,中文-专著,3000,chinese-language-literature\n';
    await importDepartments(h.deps, bufferSource('departments.csv', Buffer.from(csv)));
    const fund = encodeURIComponent('中文-专著');
    const expected = (ext: string) =>
      `attachment; filename="buylist-__-__-2026-11-17.${ext}"; ` +
      `filename*=UTF-8''buylist-${encodeURIComponent('中文-专著')}-2026-11-17.${ext}`;
    for (const [query, ext] of [
      [`fund=${fund}&format=csv`, 'csv'],
      [`fund=${fund}&format=marc`, 'mrc'],
    ] as const) {
      const res = await h.call('GET', `/api/v1/buylist?${query}`, { token: selector });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(expected(ext));
    }
    const pages = visitor(h);
    await pages.signIn(selector);
    const page = await pages.get(`/buylist/export?fund=${fund}&as=marc`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-disposition')).toBe(expected('mrc'));
  });

  it("commits an approved title against one department: the one that reads its discipline, else its first requester's", async () => {
    const books: [string, Partial<Metadata>][] = [
      ['9780914098911', { title: 'Calculus', authors: ['Michael Spivak'], lcc: ['QA303.2 .S65 2008'] }],
      ['9780534243128', { title: 'Statistical Inference', authors: ['George Casella'], lcc: ['QA276 .C37 2002'] }],
    ];
    await runAtomic(h.deps.db, [
      cacheStep(
        'googlebooks',
        books.map(([isbn, m]) => [
          `googlebooks:${isbn}`,
          { ...EMPTY_METADATA, isbn13s: [isbn], listPrice: { amount: 70, currency: 'USD' }, ...m } as Metadata,
        ]),
        h.now,
        { foundMs: 1e12, missingMs: 1e12 },
      ),
    ]);
    const math = await h.patronToken('math', { category: 'faculty', departmentCode: 'MATH' });
    const ask = async (token: string, isbn: string) =>
      (await (await h.call('POST', '/api/v1/suggestions', { token, body: { isbn } })).json()).title.id as number;
    // A historian asks for a calculus book first; statistics is read by CS and MATH, and MATH asked first.
    const calculus = await ask(patrons.hist!, '9780914098911');
    h.advance(60_000);
    await ask(math, '9780914098911');
    const statistics = await ask(math, '9780534243128');
    h.advance(60_000);
    await ask(patrons.grad!, '9780534243128');
    await runEnrichment(h.deps);
    await runRescoreJobs(h.deps);

    const item = (body: { items: { titleId: number }[] }, id: number) => body.items.find((i) => i.titleId === id);
    expect(item(await list('department=HIST&all=true'), calculus)).toMatchObject({
      department: 'MATH',
      fund: 'MATH-MONO',
    });
    expect(item(await list('department=CS&all=true'), statistics)).toMatchObject({ department: 'MATH' });
    // Guns, Germs, and Steel is sociology, which no department reads: its requester's department pays.
    const sociology = (await list('all=true')).items.find(
      (i: { title: string }) => i.title === 'Guns, Germs, and Steel',
    );
    expect(sociology).toMatchObject({ department: 'HIST', fund: 'HUM-MONO' });

    for (const id of [calculus, statistics, sociology.titleId]) {
      const moved = await h.call('POST', `/api/v1/titles/${id}/status`, {
        token: selector,
        body: { status: 'approved' },
      });
      expect(moved.status).toBe(200);
    }
    const committed = async (scope: string) => (await list(scope)).committed;
    expect(await committed('department=MATH')).toBe(140);
    expect(await committed('department=HIST')).toBe(20);
    expect(await committed('department=CS')).toBe(0);
    // The fund HIST draws on carries what is charged to its departments; the library, all of it.
    expect(await committed('fund=HUM-MONO')).toBe(20);
    expect(await committed('all=true')).toBe(160);
    // A filter narrows the list, not the department's commitments.
    expect(await committed('department=MATH&discipline=mathematics')).toBe(140);
  });

  describe('searched, sorted and paged', () => {
    const titlesOf = (body: { items: { title: string }[] }) => body.items.map((i) => i.title);

    it('finds a title by its ISBN in any form, keeping its rank on the whole list', async () => {
      const whole = await list('all=true');
      for (const isbn of ['9780262035613', '978-0-262-03561-3', '0262035618', '0-262-03561-8', '03561']) {
        const found = await list(`all=true&q=${encodeURIComponent(isbn)}`);
        expect(titlesOf(found), isbn).toEqual(['Deep Learning']);
        expect(found.items[0].rank).toBe(1);
        expect(found).toMatchObject({ search: isbn, ranked: whole.ranked, paging: { total: 1, page: 1, pages: 1 } });
      }
      expect(titlesOf(await list('all=true&q=structure'))).toEqual([
        'Structure and Interpretation of Computer Programs',
        'The Structure of Scientific Revolutions',
      ]);
      // Words with the characters LIKE treats as wildcards are only words.
      expect(titlesOf(await list('all=true&q=%25'))).toEqual([]);
      expect(titlesOf(await list('all=true&q=_'))).toEqual([]);
    });

    it('finds a selector the titles a requester asked for, and never lets a liaison search by who asked', async () => {
      expect(titlesOf(await list('all=true&q=grad'))).toEqual([
        'Deep Learning',
        'Pattern Recognition and Machine Learning',
      ]);
      expect(titlesOf(await list('all=true&q=hist')).sort()).toEqual(['Guns, Germs, and Steel', '活着']);
      const liaison = await h.token('liaison', undefined, 'HIST');
      expect(titlesOf(await list('q=hist', liaison))).toEqual([]);
      expect(titlesOf(await list(`q=${encodeURIComponent('活着')}`, liaison))).toEqual(['活着']);
    });

    it('sorts by any column either way, a title without a price last, each title keeping its rank', async () => {
      const byPrice = await list('all=true&sort=price');
      expect(byPrice.sort).toEqual({ by: 'price', dir: 'asc' });
      expect(byPrice.items.map((i: { price: number | null }) => i.price)).toEqual([8.5, 20, 65, 80, 90, null]);
      const dear = await list('all=true&sort=price&dir=desc');
      expect(dear.items.map((i: { price: number | null }) => i.price)).toEqual([90, 80, 65, 20, 8.5, null]);
      expect(dear.items.find((i: { title: string }) => i.title === 'Deep Learning').rank).toBe(1);
      expect(titlesOf(await list('all=true&sort=title'))[0]).toBe('Deep Learning');
      expect(titlesOf(await list('all=true&sort=requesters'))[0]).toBe('Deep Learning');
      const upward = await list('all=true&sort=score&dir=asc');
      expect(upward.items.map((i: { rank: number }) => i.rank)).toEqual([6, 5, 4, 3, 2, 1]);
      const res = await h.call('GET', '/api/v1/buylist?sort=colour', { token: selector });
      expect(res.status).toBe(422);
      expect((await res.json()).errors[0]).toMatchObject({ parameter: 'sort' });
    });

    it("counts a department's list once a title: those in its disciplines and those its members asked for, whatever the stage listed", async () => {
      // A historian asks for a computer science book too: it is on History's list, once.
      await h.call('POST', '/api/v1/suggestions', { token: patrons.hist!, body: { isbn: '9780262035613' } });
      const HISTORY = ['history', 'chinese-language-literature', 'philosophy'];
      const askedByHistorians = ['Guns, Germs, and Steel', '活着', 'Deep Learning'];
      const everyTitle = (await list('all=true')).items as {
        title: string;
        discipline: string | null;
        titleId: number;
      }[];
      const expected = everyTitle
        .filter((i) => askedByHistorians.includes(i.title) || HISTORY.includes(i.discipline ?? ''))
        .map((i) => i.title)
        .sort();
      const first = await list('department=HIST&all=true&limit=1');
      expect(first.paging).toMatchObject({ total: expected.length, pages: expected.length, pageSize: 1 });
      const listed = [first.items[0].title];
      for (let page = 2; page <= expected.length; page++)
        listed.push((await list(`department=HIST&all=true&limit=1&page=${page}`)).items[0].title);
      expect(listed.sort()).toEqual(expected);
      // Approved, it leaves the titles awaiting a decision and is counted among the approved.
      const deep = everyTitle.find((i) => i.title === 'Deep Learning')!;
      for (const status of ['in_review', 'approved']) {
        const res = await h.call('POST', `/api/v1/titles/${deep.titleId}/status`, {
          token: selector,
          body: { status },
        });
        expect(res.status).toBe(200);
      }
      expect((await list('department=HIST&all=true&limit=1')).paging.total).toBe(expected.length - 1);
      expect(
        (await list('department=HIST&all=true&status=approved')).items.map((i: { title: string }) => i.title),
      ).toEqual(['Deep Learning']);
      expect((await list('department=HIST&all=true&status=approved')).paging.total).toBe(1);
    });

    it('counts and sorts a title its members asked for before it has a discipline, and a title two departments asked for once on each list', async () => {
      // A historian asks by title alone: nothing classifies it yet, and it is History's to buy.
      const unclassified = await h.call('POST', '/api/v1/suggestions', {
        token: patrons.hist!,
        body: { title: 'A Local History of the Parish Registers', author: 'M. Archivist' },
      });
      expect(unclassified.status).toBe(201);
      // A computer scientist asks for a book a historian asked for: it is on both lists, once each.
      await h.call('POST', '/api/v1/suggestions', { token: patrons.prof!, body: { isbn: '9780393317558' } });
      const everyTitle = (await list('all=true')).items as { title: string; discipline: string | null }[];
      expect(everyTitle.find((i) => i.title === 'A Local History of the Parish Registers')?.discipline).toBeNull();
      const history = ['A Local History of the Parish Registers', 'Guns, Germs, and Steel', '活着'];
      const ranked = await list('department=HIST&all=true');
      expect(ranked.paging.total).toBe(history.length);
      expect(titlesOf(ranked).sort()).toEqual([...history].sort());
      const byTitle = await list('department=HIST&all=true&sort=title&limit=2');
      expect(byTitle.paging).toMatchObject({ total: history.length, pages: 2 });
      expect(byTitle.ranked).toBe(history.length);
      const cs = await list('department=CS&all=true');
      expect(cs.paging.total).toBe(cs.items.length);
      expect(titlesOf(cs)).toContain('Guns, Germs, and Steel');
      expect(new Set(titlesOf(cs)).size).toBe(cs.items.length);
    });

    it('pages the list with the cut line drawn across the whole of it, and downloads every title found', async () => {
      const whole = await list('department=CS&budget=150&all=true');
      const second = await list('department=CS&budget=150&all=true&limit=2&page=2');
      expect(second.paging).toEqual({
        page: 2,
        pages: Math.ceil(whole.items.length / 2),
        pageSize: 2,
        total: whole.items.length,
      });
      expect(second.items.map((i: { rank: number }) => i.rank)).toEqual([3, 4]);
      expect(second).toMatchObject({ cutLine: whole.cutLine, withinTotal: whole.withinTotal });
      expect(second.items[0]).toMatchObject({
        runningTotal: whole.items[2].runningTotal,
        withinBudget: whole.items[2].withinBudget,
      });
      // A page past the end is the last page.
      expect((await list('all=true&limit=4&page=99')).paging).toMatchObject({ page: 2, pages: 2 });
      const csv = async (query: string) =>
        (await (await h.call('GET', `/api/v1/buylist?all=true&format=csv&${query}`, { token: selector })).text())
          .trim()
          .split('\r\n').length - 1;
      expect(await csv('limit=1&page=2')).toBe(6);
      expect(await csv('q=structure')).toBe(2);
    });
  });
});
