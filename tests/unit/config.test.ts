import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('settings', () => {
  it('work with nothing set, for a laptop', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ DATABASE_PATH: './data/r2b.sqlite', PORT: 3000, SUGGEST_MAX_OPEN: 10 });
  });

  it('name the variable that is wrong', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET: must be at least 32/);
  });

  it('treat an empty variable as unset', () => {
    expect(parseConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it("map the ILS's patron categories to ours", () => {
    expect(parseConfig({ PATRON_CATEGORY_MAP: 'FAC=faculty, PG=graduate' }).PATRON_CATEGORY_MAP).toEqual(
      new Map([
        ['FAC', 'faculty'],
        ['PG', 'graduate'],
      ]),
    );
    expect(() => parseConfig({ PATRON_CATEGORY_MAP: 'FAC=professor' })).toThrow(/PATRON_CATEGORY_MAP/);
  });
});
