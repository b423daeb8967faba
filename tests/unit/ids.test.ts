// The ids the service makes for the rows a batch refers to before they are written. Intake's
// (requests, events, messages) are unique and ordered by when they were made, so the rows a
// group commit writes together go to the same last pages of each index keyed by them; the
// others stay random version 4 UUIDs, the kind every ILS takes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId, newOrderedId } from '../../src/db/sql.js';

afterEach(() => vi.useRealTimers());

describe('newOrderedId', () => {
  it('is a version 7 UUID carrying the millisecond it was made', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T09:15:00.123Z'));
    const id = newOrderedId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-03-02T09:15:00.123Z'));
  });

  it('never repeats, even among thousands made in the same millisecond', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T09:15:00Z'));
    const ids = Array.from({ length: 10_000 }, newOrderedId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts, as text, in the order the ids were made, a millisecond apart or years', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const times = [
      Date.parse('2025-12-31T23:59:59.999Z'),
      Date.parse('2026-01-01T00:00:00.000Z'),
      Date.parse('2026-01-01T00:00:00.001Z'),
      Date.parse('2026-01-01T00:00:00.016Z'),
      Date.parse('2031-07-04T12:00:00.000Z'),
    ];
    const made = times.map((t) => {
      vi.setSystemTime(t);
      return newOrderedId();
    });
    expect([...made].sort()).toEqual(made);
  });
});

describe('newId', () => {
  it('is a random version 4 UUID, which FOLIO takes as the id of an order', () => {
    const ids = Array.from({ length: 1_000 }, newId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
