// How a wanted title is named wherever a person reads it: on the pages, in messages and
// digests, in the exports. A title suggested by ISBN alone has no name until enrichment finds
// one (or never, when no provider knows the book): until then its ISBN stands in, hyphenated
// as it is printed on the book, with a word that its details are still to come.
import { hyphenate } from './isbn.js';
import type { Locale } from './locale.js';
import { t } from '../i18n/index.js';

export interface Nameable {
  title?: string | null | undefined;
  isbn13?: string | null | undefined;
}

export function titleName(title: Nameable, locale: Locale): string {
  if (title.title?.trim()) return title.title;
  if (title.isbn13) return t(locale, 'title.pending', { isbn: hyphenate(title.isbn13) });
  return t(locale, 'title.untitled');
}
