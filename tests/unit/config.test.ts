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

  it('give links the address the server listens on, PORT and HOST included, unless PUBLIC_BASE_URL is set', () => {
    expect(parseConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(parseConfig({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://localhost:8080');
    expect(parseConfig({ PORT: '8080', HOST: '127.0.0.1' }).PUBLIC_BASE_URL).toBe('http://127.0.0.1:8080');
    expect(parseConfig({ PORT: '8080', HOST: '::1' }).PUBLIC_BASE_URL).toBe('http://[::1]:8080');
    expect(parseConfig({ PORT: '8080', PUBLIC_BASE_URL: 'https://library.example.edu' }).PUBLIC_BASE_URL).toBe(
      'https://library.example.edu',
    );
  });

  it('treat an empty variable as unset', () => {
    expect(parseConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('say where the client’s address comes from: the connection unless a proxy is trusted by name or number', () => {
    expect(parseConfig({}).TRUST_PROXY).toEqual({ from: 'socket' });
    expect(parseConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toEqual({ from: 'forwarded', hops: 1 });
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ from: 'forwarded', hops: 2 });
    expect(parseConfig({ TRUST_PROXY: 'cloudflare' }).TRUST_PROXY).toEqual({ from: 'cloudflare' });
    for (const wrong of ['yes', '0', '-1', 'x-forwarded-for']) {
      expect(() => parseConfig({ TRUST_PROXY: wrong }), wrong).toThrow(/TRUST_PROXY: use false, true, the number/);
    }
  });

  it("name the library's classification scheme, auto (each call number by its shape) unless set", () => {
    expect(parseConfig({}).CLASSIFICATION_SCHEME).toBeUndefined();
    expect(parseConfig({ CLASSIFICATION_SCHEME: 'auto' }).CLASSIFICATION_SCHEME).toBeUndefined();
    expect(parseConfig({ CLASSIFICATION_SCHEME: 'clc' }).CLASSIFICATION_SCHEME).toBe('clc');
    expect(() => parseConfig({ CLASSIFICATION_SCHEME: 'udc' })).toThrow(/CLASSIFICATION_SCHEME/);
  });

  it('read the item field the library names as a tag and the subfields of its call number', () => {
    expect(parseConfig({}).HOLDINGS_ITEM_FIELD).toBeUndefined();
    expect(parseConfig({ HOLDINGS_ITEM_FIELD: '906$d$e' }).HOLDINGS_ITEM_FIELD).toEqual({
      tag: '906',
      codes: ['d', 'e'],
    });
    expect(parseConfig({ HOLDINGS_ITEM_FIELD: '995$k' }).HOLDINGS_ITEM_FIELD).toEqual({ tag: '995', codes: ['k'] });
    for (const wrong of ['995', '995k', '99$k', '995$kk'])
      expect(() => parseConfig({ HOLDINGS_ITEM_FIELD: wrong }), wrong).toThrow(
        /HOLDINGS_ITEM_FIELD: a tag and the subfields/,
      );
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

  it('need the address and the credentials of the ILS named, each missing one by name', () => {
    expect(parseConfig({}).ILS).toBe('none');
    expect(() => parseConfig({ ILS: 'koha' })).toThrow(
      /ILS_URL: required when ILS is koha[^]*ILS_USERNAME[^]*ILS_PASSWORD/,
    );
    expect(() => parseConfig({ ILS: 'folio', ILS_URL: 'https://okapi.example.edu' })).toThrow(
      /ILS_TENANT[^]*ILS_TOKEN/,
    );
    expect(() => parseConfig({ ILS: 'alma', ILS_URL: 'https://api-eu.hosted.exlibrisgroup.com' })).toThrow(
      /ILS_API_KEY: required when ILS is alma/,
    );
    expect(() => parseConfig({ ILS: 'evergreen' })).toThrow(/ILS/);
    expect(
      parseConfig({ ILS: 'alma', ILS_URL: 'https://api-eu.hosted.exlibrisgroup.com', ILS_API_KEY: 'l7xx' }).ILS,
    ).toBe('alma');
  });
});
