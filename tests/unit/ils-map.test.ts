import { describe, expect, it } from 'vitest';
import { ilsMapSchema } from '../../src/domain/ils-map.js';

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
});
