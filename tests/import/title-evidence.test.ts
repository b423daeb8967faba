// Title-level evidence end to end: a loan export with titles, authors and shelving locations
// goes in, and a new request is scored on what the history says of that very book.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { titleEvidence } from '../../src/services/title-evidence.js';
import { editionKeys } from '../../src/domain/title-evidence.js';
import { type Harness, harness } from '../api/harness.js';

// Months before the harness's clock (2026-03): an earlier edition borrowed, a book fetched from
// another library for a patron, an author's play on course reserve, and a busy class number.
const HISTORY = `loaned_at,call_number,title,author,published,location,copies,department,patron_category
2025-09-03,QA403.5 .S74 2003,Fourier analysis : an introduction,"Stein, Elias M., 1931-2018.",2003,Stacks,1,MATH,faculty
2025-10-12,QA403.5 .S74 2003,Fourier analysis : an introduction,"Stein, Elias M., 1931-2018.",2003,Stacks,1,MATH,undergraduate
2025-11-20,QA403.5 .S74 2003,Fourier analysis : an introduction,"Stein, Elias M., 1931-2018.",2003,Stacks,1,MATH,undergraduate
2025-10-01,PA3827 .A7 2009,The Oresteia,"Aeschylus, author.",2009,Reserve Fall 3 hr,2,CLAS,undergraduate
2025-10-02,PA3827 .A7 2009,The Oresteia,"Aeschylus, author.",2009,Reserve Fall 3 hr,2,CLAS,undergraduate
2025-10-03,PA3827 .A7 2009,The Oresteia,"Aeschylus, author.",2009,Reserve Fall 3 hr,2,CLAS,undergraduate
2025-11-14,HB3717 .G3 2009,"The great crash, 1929",NA,2019,Summit3 Long Loan,0,ECON,graduate
2026-01-09,QA276 .A1 2020,Statistics,"Freedman, David",2020,Stacks,1,MATH,undergraduate
2026-01-19,QA276 .B2 2018,Statistical models,"Freedman, David",2018,Stacks,1,MATH,undergraduate
`;

describe('title-level evidence from the loan history', () => {
  let h: Harness;
  let patron: string;
  let selector: string;
  beforeEach(async () => {
    h = await harness({ ILL_LOCATIONS: 'Summit', RESERVE_LOCATIONS: 'reserve' });
    patron = await h.patronToken('ana', { category: 'faculty' });
    selector = await h.token('selector');
    const summary = await importLoans(h.deps, bufferSource('reed-like.csv', Buffer.from(HISTORY)));
    expect(summary).toMatchObject({ imported: 9, rejected: 0 });
  });
  afterEach(() => h.close());

  const suggest = async (title: string, author: string) => {
    const res = await h.call('POST', '/api/v1/suggestions', { token: patron, body: { title, author } });
    expect(res.status).toBe(201);
    return (await res.json()).title.id as number;
  };
  /** The title's score components, as the buy list shows them. */
  const components = async (id: number) => {
    await runRescoreJobs(h.deps);
    const list = await (await h.call('GET', '/api/v1/buylist?all=true', { token: selector })).json();
    return list.items.find((item: { titleId: number }) => item.titleId === id).components;
  };

  it('keeps each edition once, with its loans by month and those through ILL and from reserve apart', async () => {
    const editions = await h.db.orm.all<{ edition_key: string; work_key: string; copies: number }>(
      sql`SELECT edition_key, work_key, copies FROM loan_editions ORDER BY edition_key`,
    );
    expect(editions).toHaveLength(5);
    const totals = await h.db.orm.get<{ loans: number; ill: number; reserve: number }>(
      sql`SELECT sum(loans) AS loans, sum(ill_loans) AS ill, sum(reserve_loans) AS reserve FROM edition_loans`,
    );
    expect(totals).toEqual({ loans: 9, ill: 1, reserve: 3 });
    // The same file again adds nothing.
    await importLoans(h.deps, bufferSource('reed-like.csv', Buffer.from(HISTORY)));
    expect((await h.db.orm.get<{ loans: number }>(sql`SELECT sum(loans) AS loans FROM edition_loans`))!.loans).toBe(9);
  });

  it('counts a loan two overlapping exports both carry once, in the edition and class counts too', async () => {
    const first =
      'loan_id,loaned_at,call_number,title,author\n1,2025-09-01,QA76.73 .P98 L88 2013,Learning Python,"Lutz, Mark"\n2,2025-09-02,QA76.73 .P98 L88 2013,Learning Python,"Lutz, Mark"\n';
    const overlap =
      'loan_id,loaned_at,call_number,title,author\n2,2025-09-02,QA76.73 .P98 L88 2013,Learning Python,"Lutz, Mark"\n3,2025-09-03,QA76.73 .P98 L88 2013,Learning Python,"Lutz, Mark"\n';
    await importLoans(h.deps, bufferSource('sept-a.csv', Buffer.from(first)), { source: 'koha' });
    const summary = await importLoans(h.deps, bufferSource('sept-b.csv', Buffer.from(overlap)), { source: 'koha' });
    expect(summary).toMatchObject({ imported: 1, skipped: 1 });
    const edition = await h.db.orm.get<{ loans: number }>(
      sql`SELECT sum(loans) AS loans FROM edition_loans WHERE edition_key = 'cn:QA76.73 .P98 L88 2013'`,
    );
    expect(edition!.loans).toBe(3);
    const inClass = await h.db.orm.get<{ loans: number }>(
      sql`SELECT sum(loans) AS loans FROM class_loans WHERE class_key = 'lcc:QA76'`,
    );
    expect(inClass!.loans).toBe(3);
  });

  it('lifts a new edition of a work whose earlier edition circulated, by its loans per copy', async () => {
    const id = await suggest('Fourier Analysis: An Introduction (2nd ed.)', 'Elias M. Stein');
    expect((await components(id)).editions).toEqual({ value: 3, contribution: expect.any(Number) });
    expect((await components(id)).editions.contribution).toBeGreaterThan(0);
  });

  it('lifts a title patrons borrowed through ILL, matched on its title where the ILL record has no author', async () => {
    const id = await suggest('The Great Crash 1929', 'John Kenneth Galbraith');
    expect((await components(id)).ill).toMatchObject({ value: 1 });
  });

  it("lifts another book by an author whose work was on course reserve, but not the reserved work's own new edition", async () => {
    const other = await suggest('Prometheus Bound', 'Aeschylus');
    expect((await components(other)).reserve).toMatchObject({ value: 3 });
    const same = await suggest('The Oresteia', 'Aeschylus');
    const parts = await components(same);
    expect(parts.reserve).toMatchObject({ value: 0 });
    expect(parts.editions).toMatchObject({ value: 3 / 2 });
  });

  it('finds an earlier edition by its shelf where the work is unknown, and counts an edition both keys reach once', async () => {
    const onTheShelf = { keys: editionKeys({ callNumber: 'QA403.5 .S74 2011' }), classKey: null, isbn13: null };
    const byBoth = {
      keys: editionKeys({ callNumber: 'QA403.5 .S74 2011', title: 'Fourier analysis', author: 'Stein, Elias M.' }),
      classKey: null,
      isbn13: null,
    };
    const evidence = await titleEvidence(
      h.db,
      [
        { id: 1, ...onTheShelf },
        { id: 2, ...byBoth },
      ],
      '2026-03',
    );
    expect(evidence.get(1)).toMatchObject({ editionLoans: 3, editionCopies: 1 });
    expect(evidence.get(2)).toMatchObject({ editionLoans: 3, editionCopies: 1 });
  });

  it('gives nothing to a title the history knows nothing of', async () => {
    const id = await suggest('A book nobody here has read', 'Nobody');
    const parts = await components(id);
    for (const name of ['editions', 'ill', 'reserve']) expect(parts[name].contribution, name).toBe(0);
  });
});
