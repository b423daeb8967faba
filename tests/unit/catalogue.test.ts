// Where a vendor catalogue's book stands with the library, as a patron browsing it is told.
import { describe, expect, it } from 'vitest';
import { standing } from '../../src/domain/catalogue.js';

describe('a catalogue entry’s standing', () => {
  it('is held when the library has copies of its ISBN, whatever became of its suggestions', () => {
    expect(standing(null, 2)).toBe('held');
    expect(standing({ status: 'rejected', requesters: 3 }, 1)).toBe('held');
  });

  it('is held once its title is on the shelf, or was found held, before any copy is catalogued here', () => {
    expect(standing({ status: 'available', requesters: 1 }, 0)).toBe('held');
    expect(standing({ status: 'held', requesters: 1 }, 0)).toBe('held');
  });

  it('is on order once bought, until it reaches the shelf', () => {
    expect(standing({ status: 'ordered', requesters: 1 }, 0)).toBe('on-order');
    expect(standing({ status: 'received', requesters: 2 }, 0)).toBe('on-order');
  });

  it('is suggested while others have asked and nothing is decided, and open when nobody has', () => {
    expect(standing({ status: 'submitted', requesters: 1 }, 0)).toBe('suggested');
    expect(standing({ status: 'in_review', requesters: 4 }, 0)).toBe('suggested');
    expect(standing(null, 0)).toBe('open');
  });
});
