import { describe, expect, it } from 'vitest';
import { fromAcceptLanguage, toLocale } from '../../src/domain/locale.js';

describe('the reader’s language', () => {
  it('maps the tags identity providers send to the three we speak', () => {
    expect(toLocale('zh-TW')).toBe('zh-Hant');
    expect(toLocale('zh-Hant-HK')).toBe('zh-Hant');
    expect(toLocale('zh-CN')).toBe('zh-Hans');
    expect(toLocale('zh')).toBe('zh-Hans');
    expect(toLocale('en-GB')).toBe('en');
    expect(toLocale('fr')).toBeNull();
  });

  it('takes the browser’s most preferred language that we speak', () => {
    expect(fromAcceptLanguage('fr-CA, zh-TW;q=0.8, en;q=0.5')).toBe('zh-Hant');
    expect(fromAcceptLanguage('en;q=0.4, zh-CN;q=0.9')).toBe('zh-Hans');
    expect(fromAcceptLanguage('zh-HK, zh-CN')).toBe('zh-Hant');
    expect(fromAcceptLanguage('de, fr;q=0.9')).toBeNull();
    expect(fromAcceptLanguage('zh;q=0, en')).toBe('en');
    expect(fromAcceptLanguage('*')).toBeNull();
    expect(fromAcceptLanguage(undefined)).toBeNull();
    expect(fromAcceptLanguage(';;,q=,')).toBeNull();
  });
});
