import { describe, expect, it } from 'vitest';
import { detailProblems, editionLine } from '../../src/domain/request-details.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const OFFER = { formats: ['print', 'large-print'], branches: ['MAIN', 'SCI'] };

describe('what a patron says of their request, against the library and the calendar', () => {
  it('takes a format and branch the library offers, a need-by date to come and a year up to two ahead', () => {
    expect(
      detailProblems({ format: 'large-print', needBy: '2026-09-01', year: 2028, pickupBranch: 'SCI' }, NOW, OFFER),
    ).toEqual([]);
    expect(detailProblems({ needBy: null, year: null, pickupBranch: null }, NOW, OFFER)).toEqual([]);
  });

  it('refuses, by field, a format or branch not offered, a date passed and a year too far ahead', () => {
    const problems = detailProblems(
      { format: 'audiobook', needBy: '2026-03-01', year: 2029, pickupBranch: 'LAW' },
      NOW,
      OFFER,
    );
    expect(problems.map((p) => [p.field, p.problem])).toEqual([
      ['format', 'not-offered'],
      ['needBy', 'past'],
      ['year', 'future'],
      ['pickupBranch', 'not-offered'],
    ]);
    expect(detailProblems({ pickupBranch: 'MAIN' }, NOW, { ...OFFER, branches: [] })[0]?.detail).toBe(
      'This library has no branches to choose from; leave the pickup branch out.',
    );
  });

  it('writes the edition asked for in one line, as a catalogue would', () => {
    expect(
      editionLine({ publisher: 'Prentice Hall', publishedYear: 2008, edition: '1st edition', series: 'Martin series' }),
    ).toBe('1st edition. Prentice Hall, 2008. (Martin series)');
    expect(editionLine({ publisher: null, publishedYear: 2019, edition: null, series: null })).toBe('2019');
    expect(editionLine({ publisher: null, publishedYear: null, edition: null, series: null })).toBeNull();
  });
});
