// One wanted work, one key. Suggestions for the same work pool onto the title with this key.
//
// With an ISBN the key is the ISBN-13, so "0-596-00759-0" and "9780596007591" meet. Without
// one, patrons type the same book many ways ("The Pragmatic Programmer: from journeyman to
// master" by "Hunt, Andrew" and "pragmatic programmer" by "Andrew Hunt"), so the key keeps only
// what survives retyping: the main title without its subtitle or leading article, and the
// first author's surname, folded to lower case without accents or punctuation.
import { ANY_LEADING_ARTICLE } from './languages.js';

export function isbnWorkKey(isbn13: string): string {
  return `isbn:${isbn13}`;
}

export function titleAuthorWorkKey(title: string, author: string | null | undefined): string {
  return `ta:${normalizeTitle(title)}|${authorSurname(author ?? '')}`;
}

export function normalizeTitle(title: string): string {
  // A subtitle follows a colon, semicolon or equals sign (ISBD punctuation, and what people
  // type), with or without spaces in CJK; a colon between digits ("10:04") is part of the title.
  // A title that begins with such a mark ("= Equals", "...: a memoir") keeps its first words.
  const parts = fold(title).split(/(?<!\d)[:;=](?!\d)|\s\/\s/);
  const main = parts.find((part) => squash(part) !== '') ?? '';
  return squash(main.replace(ANY_LEADING_ARTICLE, ''));
}

/** "Hunt, Andrew" and "Andrew Hunt" both give "hunt"; "刘慈欣" stays whole. */
export function authorSurname(author: string): string {
  const first =
    fold(author)
      .split(/;|\s&\s|\sand\s/)[0]
      ?.trim() ?? '';
  if (first === '') return '';
  if (first.includes(',')) return squash(first.split(',')[0] ?? '');
  const words = squash(first).split(' ');
  return words[words.length - 1] ?? '';
}

// Unicode compatibility folding turns full-width Latin letters and digits (common in Chinese
// input) into ordinary ones; NFD then lets us drop Latin accents so "Gödel" meets "Godel".
// Only the combining diacritics block is dropped: Japanese voicing marks change the word.
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .trim();
}

function squash(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
