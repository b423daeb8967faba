import { describe, expect, it } from 'vitest';
import { type LoanContext, parseLoanDate, toLoan } from '../../src/domain/loan.js';
import { LOAN_PRESETS, withOverrides } from '../../src/domain/loan-presets.js';

const context: LoanContext = {
  source: 'koha',
  now: new Date('2026-06-01T00:00:00Z'),
  categoryMap: new Map([['FAC', 'faculty']]),
  discipline: (callNumber) => (callNumber.startsWith('QA76') ? 'computer-science' : null),
};

describe('a row of a loan export', () => {
  it('becomes an anonymized loan with its month, ISBN-13 and discipline', () => {
    const result = toLoan(
      {
        loan_id: '981',
        loaned_at: '2025-10-14 09:12:00',
        isbn: '0596007590 (pbk.)',
        call_number: 'QA76.76.D47 F63',
        department: 'CS',
        patron_category: 'FAC',
      },
      context,
    );
    expect(result).toEqual({
      ok: true,
      loan: {
        source: 'koha',
        loanKey: '981',
        loanedAt: Date.parse('2025-10-14T09:12:00Z'),
        month: '2025-10',
        isbn13: '9780596007591',
        callNumber: 'QA76.76.D47 F63',
        discipline: 'computer-science',
        departmentCode: 'CS',
        patronCategory: 'faculty',
        edition: {
          edition: 'isbn:9780596007591',
          work: null,
          shelf: 'lcc:QA76.76 D47',
          title: null,
          author: null,
          classKey: null,
          published: null,
          copies: 0,
        },
        flags: 0,
      },
    });
  });

  it('knows the edition lent by its title, author and call number, and whether it came through ILL or from reserve', () => {
    const reed = (location: string) =>
      toLoan(
        {
          loaned_at: '2019-03-06',
          call_number: 'QA403.5 .S74 2003',
          title: 'Fourier analysis : an introduction ',
          author: 'Stein, Elias M., 1931-2018.',
          published: '2003',
          location,
          copies: '9',
        },
        { ...context, illLocations: ['summit'], reserveLocations: ['reserve'], classKey: () => 'lcc:QA403' },
      );
    const onReserve = reed('Reserve Spring 3 hr');
    expect(onReserve).toMatchObject({
      ok: true,
      loan: {
        edition: {
          edition: 'cn:QA403.5 .S74 2003',
          work: 'ta:fourier analysis|stein',
          shelf: 'lcc:QA403.5 S74',
          title: 'fourier analysis',
          author: 'stein e',
          classKey: 'lcc:QA403',
          published: 2003,
          copies: 9,
        },
        flags: 2,
      },
    });
    expect(reed('Summit3 Long Loan')).toMatchObject({ ok: true, loan: { flags: 1 } });
    expect(reed('Stacks')).toMatchObject({ ok: true, loan: { flags: 0 } });
  });

  it('takes NA or NULL for no author, as R and SQL clients write it', () => {
    const loan = toLoan(
      { loaned_at: '2019-03-06', call_number: 'PS3562 .E353', title: 'Beloved', author: 'NA' },
      context,
    );
    expect(loan).toMatchObject({ ok: true, loan: { edition: { author: null, work: 'ta:beloved|' } } });
  });

  it('keeps a loan with a call number but a broken ISBN, without the ISBN', () => {
    const result = toLoan({ loaned_at: '2025-10-14', isbn: '978-0-13-235088-5', call_number: 'QA76.6' }, context);
    expect(result).toMatchObject({ ok: true, loan: { isbn13: null, callNumber: 'QA76.6', loanKey: null } });
  });

  it('refuses a row with nothing to say what was borrowed', () => {
    expect(toLoan({ loaned_at: '2025-10-14', isbn: 'n/a' }, context)).toEqual({
      ok: false,
      reason: 'isbn "n/a" is not a valid ISBN and there is no call number',
    });
    expect(toLoan({ loaned_at: '2025-10-14' }, context)).toMatchObject({
      ok: false,
      reason: 'neither an ISBN nor a call number',
    });
  });

  it('refuses a loan dated in the future', () => {
    expect(toLoan({ loaned_at: '2031-01-01', call_number: 'QA76' }, context)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('future'),
    });
  });

  it('tries the other classification columns when the call number gives no discipline', () => {
    const result = toLoan(
      { loaned_at: '2025-01-01', call_number: 'ML 2533 B34', classes: [{ value: 'QA76.73', scheme: 'lcc' }] },
      context,
    );
    expect(result).toMatchObject({ ok: true, loan: { discipline: 'computer-science', callNumber: 'ML 2533 B34' } });
  });
});

describe('loan dates as ILSs write them', () => {
  it.each([
    ['2023-09-01', '2023-09-01T00:00:00.000Z'],
    ['2023-09-01 10:22:33', '2023-09-01T10:22:33.000Z'],
    ['2023-09-01T10:22:33Z', '2023-09-01T10:22:33.000Z'],
    ['2014-05-14 08:39:13.070326-04', '2014-05-14T12:39:13.000Z'],
    ['2014-05-14T08:39:13+0530', '2014-05-14T03:09:13.000Z'],
  ])('reads %s', (raw, iso) => {
    const parsed = parseLoanDate(raw);
    expect(parsed.ok && parsed.date.toISOString()).toBe(iso);
  });

  it('reads US and European slashed dates only when told which they are', () => {
    expect(parseLoanDate('1/2/2017 8:13')).toMatchObject({ ok: false, reason: expect.stringContaining('--dates mdy') });
    expect(parseLoanDate('1/2/2017 8:13', 'mdy')).toMatchObject({ ok: true, date: new Date('2017-01-02T08:13:00Z') });
    expect(parseLoanDate('1/2/2017', 'dmy')).toMatchObject({ ok: true, date: new Date('2017-02-01T00:00:00Z') });
  });

  it.each(['2023-02-30', '2023-13-01', 'yesterday', '', '01.02.2017'])('refuses %j', (raw) => {
    expect(parseLoanDate(raw).ok).toBe(false);
  });

  // The common layout is read by position, the rest by the general reading: both must agree.
  it.each([
    ['2023-11-01T08:01:25.909Z', '2023-11-01T08:01:25.000Z'],
    ['2023-11-01T08:01:25.9', '2023-11-01T08:01:25.000Z'],
    ['2024-02-29 23:59:59', '2024-02-29T23:59:59.000Z'],
    ['  2023-11-01  ', '2023-11-01T00:00:00.000Z'],
    ['2023-11-01T08:01Z', '2023-11-01T08:01:00.000Z'],
    ['2023-11-01 08:01:25 Z', '2023-11-01T08:01:25.000Z'],
    ['2023-11-01T08:01:25.5+02:00', '2023-11-01T06:01:25.000Z'],
  ])('reads %j to the second, as every layout is read', (raw, iso) => {
    const parsed = parseLoanDate(raw);
    expect(parsed.ok && parsed.date.toISOString()).toBe(iso);
  });

  it.each([
    ['2023-02-29T10:00:00Z', 'is not a real date'],
    ['2023-11-01T24:00:00Z', 'is not a real date'],
    ['2023-11-01T08:60:00.000Z', 'is not a real date'],
    ['2023-11-01T08:01:25.Z', 'is not a date'],
    ['2023-11-01T08:01:25.909ZZ', 'is not a date'],
    ['2023-11-01X08:01:25', 'is not a date'],
    ['2023-1a-01', 'is not a date'],
    ['２０２３-11-01', 'is not a date'],
  ])('refuses %j: it %s', (raw, reason) => {
    expect(parseLoanDate(raw)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });
});

describe('the column layouts of ILS exports', () => {
  it("names each field by the column of the system's own schema", () => {
    expect(LOAN_PRESETS.koha!.columns).toMatchObject({
      loan_id: ['issue_id'],
      loaned_at: ['issuedate'],
      call_number: ['itemcallnumber'],
      department: ['sort1'],
    });
    expect(LOAN_PRESETS['koha-statistics']).toMatchObject({ columns: { loaned_at: ['datetime'], type: ['type'] } });
    expect(LOAN_PRESETS['koha-statistics']!.columns.loan_id).toBeUndefined();
    expect(LOAN_PRESETS.folio!.columns.call_number).toEqual(['item_effective_call_number', 'item_level_call_number']);
    expect(LOAN_PRESETS.alma!.columns).toMatchObject({ loan_id: ['Item Loan Id'], loaned_at: ['Loan Date'] });
    expect(LOAN_PRESETS.evergreen!.columns).toMatchObject({
      loan_id: ['id'],
      loaned_at: ['xact_start'],
      call_number: ['label'],
      renewal: ['parent_circ'],
    });
  });

  it('lets a library point a field at another column', () => {
    const mapped = withOverrides(LOAN_PRESETS.generic!, ['department=Faculty', 'isbn = ISBN13']);
    expect(mapped).toMatchObject({ columns: { department: ['Faculty'], isbn: ['ISBN13'], loaned_at: ['loaned_at'] } });
    expect(withOverrides(LOAN_PRESETS.generic!, ['borrower=Patron'])).toEqual({
      error: expect.stringContaining('"borrower" is not a loan field'),
    });
  });

  it('reads a type column only with the values that mean a new loan', () => {
    expect(withOverrides(LOAN_PRESETS.generic!, ['type=Transaction'])).toEqual({
      error: expect.stringContaining('--loan-type'),
    });
    expect(withOverrides(LOAN_PRESETS.generic!, [], ['Checkout'])).toEqual({
      error: expect.stringContaining('--map type=COLUMN'),
    });
    expect(withOverrides(LOAN_PRESETS.generic!, ['type=Transaction'], ['Checkout'])).toMatchObject({
      columns: { type: ['Transaction'] },
      newLoanTypes: ['Checkout'],
    });
    expect(withOverrides(LOAN_PRESETS['koha-statistics']!, [], ['issue', 'onsite_checkout'])).toMatchObject({
      newLoanTypes: ['issue', 'onsite_checkout'],
    });
  });
});

describe('a row that is no new loan', () => {
  it('is a renewal when its renewal column holds anything: Evergreen writes the circulation renewed', () => {
    expect(toLoan({ loaned_at: '2025-10-14', call_number: 'QA76.6', renewal: '1041' }, context)).toEqual({
      ok: false,
      notNew: { renewal: true },
    });
  });

  it('is a new loan when the renewal column is empty, false or NULL as exports write them', () => {
    for (const unset of ['', ' ', '0', 'N', 'no', 'f', 'false', 'NULL', '\\N']) {
      expect(toLoan({ loaned_at: '2025-10-14', call_number: 'QA76.6', renewal: unset }, context)).toMatchObject({
        ok: true,
      });
    }
  });

  it('is passed over before its date is checked: a renewal with a broken date is still no loan', () => {
    expect(toLoan({ loaned_at: 'yesterday', call_number: 'QA76.6', renewal: 'Y' }, context)).toEqual({
      ok: false,
      notNew: { renewal: true },
    });
  });

  it('is another transaction when its type is not one that means a new loan, in any case', () => {
    const typed = { ...context, newLoanTypes: new Set(['issue']) };
    expect(toLoan({ loaned_at: '2025-10-14', call_number: 'QA76.6', type: 'Issue' }, typed)).toMatchObject({
      ok: true,
    });
    expect(toLoan({ loaned_at: '2025-10-14', call_number: 'QA76.6', type: 'renew' }, typed)).toEqual({
      ok: false,
      notNew: { type: 'renew' },
    });
    expect(toLoan({ loaned_at: '2025-10-14', type: 'payment' }, typed)).toEqual({
      ok: false,
      notNew: { type: 'payment' },
    });
  });
});

describe('the ISBN of a loan', () => {
  it('is the first valid one of several, as Koha joins them with " | " and Alma with "; "', () => {
    const isbnOf = (isbn: string) => {
      const result = toLoan({ loaned_at: '2025-10-14', isbn }, context);
      return result.ok ? result.loan.isbn13 : null;
    };
    expect(isbnOf('0596517742 | 9780596517748')).toBe('9780596517748');
    expect(isbnOf('978026203384X | 9780262033848 | 0262033844')).toBe('9780262033848');
    expect(isbnOf('9780262033848; 0262033844')).toBe('9780262033848');
  });
});
