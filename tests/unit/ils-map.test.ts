import { describe, expect, it } from 'vitest';
import { ilsMapSchema, kohaOrderMapProblems } from '../../src/domain/ils-map.js';

describe('the ILS map (ILS_MAP_FILE)', () => {
  it("maps our fund codes and formats to the ILS's, and finds nothing for a code such as constructor", () => {
    const map = ilsMapSchema.parse({ funds: { 'CS-MONO': '12' }, formats: { print: 'BK' }, library: 'CPL' });
    expect(map.funds.get('CS-MONO')).toBe('12');
    expect(map.funds.get('constructor')).toBeUndefined();
    expect(map.formats.get('print')).toBe('BK');
    expect(map.library).toBe('CPL');
  });

  it('refuses what it does not know, a format we do not have, and a control character in an id', () => {
    expect(ilsMapSchema.safeParse({ fund: {} }).success).toBe(false);
    expect(ilsMapSchema.safeParse({ formats: { dvd: 'DVD' } }).success).toBe(false);
    expect(ilsMapSchema.safeParse({ library: 'CPL\n' }).success).toBe(false);
  });

  it("gives a Koha order line the basket staff opened and Koha's number for each fund, or says what is missing", () => {
    const problems = (map: unknown) => kohaOrderMapProblems(ilsMapSchema.parse(map));
    expect(problems({ basket: '3', funds: { 'CS-MONO': '12' } })).toEqual([]);
    expect(problems({})).toEqual([
      '"basket" is missing: give the basket_id of the basket staff opened in Koha for the vendor',
      '"funds" is empty: map each of our fund codes to the fund_id of its Koha fund',
    ]);
    expect(problems({ basket: '3', funds: { 'CS-MONO': 'CS' } })).toEqual([
      'the fund CS-MONO maps to "CS", and Koha\'s fund_id is a number',
    ]);
  });
});
