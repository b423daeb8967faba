// Messages in the reader's language. Catalogues are TypeScript, so every message's parameters
// are checked where it is used; a message missing from a language falls back to English,
// never to its key.
import type { Locale } from '../domain/locale.js';
import en, { type Catalog } from './en.js';
import zhHans from './zh-Hans.js';
import zhHant from './zh-Hant.js';

const catalogs: Record<Locale, Partial<Catalog>> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };

export type MessageKey = keyof Catalog;

export function t<K extends MessageKey>(locale: Locale, key: K, ...params: Parameters<Catalog[K]>): string {
  const message = (catalogs[locale][key] ?? en[key]) as (...args: Parameters<Catalog[K]>) => string;
  return message(...params);
}

/** Keys a language has not translated yet (English stands in for them). */
export function untranslated(locale: Locale): MessageKey[] {
  return (Object.keys(en) as MessageKey[]).filter((key) => !(key in catalogs[locale]));
}
