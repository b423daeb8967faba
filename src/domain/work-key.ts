// One wanted work, one key. Suggestions for the same work pool onto the title with this key.
//
// With an ISBN the key is the ISBN-13, so "0-596-00759-0" and "9780596007591" meet. Without
// one, patrons type the same book many ways ("The Pragmatic Programmer: from journeyman to
// master" by "Hunt, Andrew" and "pragmatic programmer" by "Andrew Hunt"), so the key keeps only
// what survives retyping: the main title without its subtitle or leading article, and the
// first author's surname, folded to lower case without accents or punctuation, and Chinese in
// one script: a reader in Taipei or Hong Kong types 三體 by 劉慈欣, one in Beijing 三体 by 刘慈欣.
import { ConverterFactory } from 'opencc-js/core';
import fromHongKong from 'opencc-js/from/hk';
import fromTaiwan from 'opencc-js/from/tw';
import toSimplified from 'opencc-js/to/cn';
import { ANY_LEADING_ARTICLE } from './languages.js';

export function isbnWorkKey(isbn13: string): string {
  return `isbn:${isbn13}`;
}

export function titleAuthorWorkKey(title: string, author: string | null | undefined): string {
  return `ta:${normalizeTitle(title)}|${authorSurname(author ?? '')}`;
}

/**
 * The rule keys are made by, named: a database keyed under another rule is re-keyed once
 * (services/upgrade.ts). Change it when a change here changes the keys of stored titles.
 */
export const WORK_KEY_RULE = 'title and surname folded; Chinese in Simplified (OpenCC hk, tw to cn)';

/** A key stored by an earlier release, as this rule writes it: 刘慈欣's 三體 is now 三体. */
export function currentWorkKey(stored: string): string {
  return stored.startsWith('ta:') ? `ta:${oneScript(stored.slice(3))}` : stored;
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

// Traditional to Simplified, by OpenCC's own tables: Hong Kong's and Taiwan's variant forms
// (綫, 裡) to OpenCC's standard Traditional, then its phrases (乾燥 but 乾坤) and characters to
// Simplified. Only these dictionaries, not the whole library: a Worker bundles every byte
// (docs/cloudflare.md gives the sizes). Simplified text passes through unchanged, so both scripts meet.
// Japanese (text with kana) is left alone: its kanji are not Traditional Chinese (話 stays 話).
const simplify = ConverterFactory(fromHongKong, fromTaiwan, toSimplified);
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Chinese in Simplified characters, for comparing: "三體" and "三体" give "三体". */
export function oneScript(text: string): string {
  return HAN.test(text) && !KANA.test(text) ? simplify(text) : text;
}

/**
 * Text as the keys fold it (case, accents, full-width forms, Chinese script), for searching:
 * what a reader types and what is stored both pass through it, so 三體 finds 三体 and "godel" Gödel.
 */
export function foldForSearch(text: string): string {
  return fold(text);
}

// Unicode compatibility folding turns full-width Latin letters and digits (common in Chinese
// input) into ordinary ones; NFD then lets us drop Latin accents so "Gödel" meets "Godel".
// Only the combining diacritics block is dropped: Japanese voicing marks change the word.
function fold(text: string): string {
  return oneScript(text.normalize('NFKC'))
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
