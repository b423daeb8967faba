import { describe, expect, it } from 'vitest';
import { authorSurname, isbnWorkKey, normalizeTitle, titleAuthorWorkKey } from '../../src/domain/work-key.js';

describe('the key that pools suggestions of one work', () => {
  it('is the ISBN-13 when there is one', () => {
    expect(isbnWorkKey('9780132350884')).toBe('isbn:9780132350884');
  });

  it('pools a title typed with or without its subtitle, article, case and punctuation', () => {
    const a = titleAuthorWorkKey('The Pragmatic Programmer: From Journeyman to Master', 'Hunt, Andrew');
    const b = titleAuthorWorkKey('pragmatic programmer', 'Andrew Hunt');
    const c = titleAuthorWorkKey('  PRAGMATIC   PROGRAMMER!', 'Andrew Hunt and David Thomas');
    expect(a).toBe(b);
    expect(b).toBe(c);
  });

  it('keeps the first words of a title that begins with a subtitle mark', () => {
    expect(normalizeTitle('= Equals: a novel')).toBe('equals');
    expect(normalizeTitle('...: Ellipses')).toBe('ellipses');
  });

  it('does not pool different authors of the same title', () => {
    expect(titleAuthorWorkKey('Collected poems', 'Larkin, Philip')).not.toBe(
      titleAuthorWorkKey('Collected poems', 'Plath, Sylvia'),
    );
  });

  it('folds accents and full-width characters', () => {
    expect(normalizeTitle('Gödel, Escher, Bach')).toBe('godel escher bach');
    expect(normalizeTitle('ＡＢＣ　ｍｕｒｄｅｒｓ')).toBe('abc murders');
    expect(normalizeTitle("L'Étranger")).toBe('etranger');
  });

  it('keeps Chinese and Japanese titles whole, voicing marks included', () => {
    expect(normalizeTitle('三体：地球往事')).toBe('三体');
    expect(normalizeTitle('宇宙の話をしよう')).toBe('宇宙の話をしよう');
    expect(authorSurname('刘慈欣')).toBe('刘慈欣');
  });

  it('takes the surname of the first author, however the name is written', () => {
    expect(authorSurname('Martin, Robert C.')).toBe('martin');
    expect(authorSurname('Robert C. Martin')).toBe('martin');
    expect(authorSurname('Hunt, Andrew; Thomas, David')).toBe('hunt');
    expect(authorSurname('')).toBe('');
  });
});
