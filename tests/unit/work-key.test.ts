import { describe, expect, it } from 'vitest';
import {
  authorSurname,
  currentWorkKey,
  isbnWorkKey,
  normalizeTitle,
  titleAuthorWorkKey,
} from '../../src/domain/work-key.js';

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

describe('Simplified and Traditional Chinese titles of one work', () => {
  it('pool: 三體 by 劉慈欣 is 三体 by 刘慈欣', () => {
    expect(titleAuthorWorkKey('三體', '劉慈欣')).toBe(titleAuthorWorkKey('三体', '刘慈欣'));
    expect(titleAuthorWorkKey('三體：地球往事', '劉慈欣 著')).toBe(titleAuthorWorkKey('三体', '刘慈欣 著'));
    expect(titleAuthorWorkKey('三体', '劉慈欣')).toBe('ta:三体|刘慈欣');
  });

  it('pool across Taiwan and Hong Kong variant forms', () => {
    // Taiwan writes 裡 and 台, Hong Kong 綫 and 衞: each meets the Simplified title.
    expect(normalizeTitle('鏡子裡的世界')).toBe(normalizeTitle('镜子里的世界'));
    expect(normalizeTitle('臺灣史')).toBe(normalizeTitle('台湾史'));
    expect(normalizeTitle('生命綫')).toBe(normalizeTitle('生命线'));
    expect(normalizeTitle('保衞')).toBe(normalizeTitle('保卫'));
  });

  it('convert by phrase where one character has two Simplified forms', () => {
    expect(normalizeTitle('乾燥')).toBe('干燥');
    expect(normalizeTitle('乾坤')).toBe('乾坤');
    expect(normalizeTitle('頭髮')).toBe('头发');
    expect(normalizeTitle('發展')).toBe('发展');
  });

  it('leave Simplified text and Latin letters as they were', () => {
    expect(normalizeTitle('红楼梦')).toBe('红楼梦');
    expect(titleAuthorWorkKey('Harry Potter 哈利·波特', 'J.K. Rowling')).toBe('ta:harry potter 哈利 波特|rowling');
    expect(titleAuthorWorkKey('The Three-Body Problem', 'Liu, Cixin')).toBe('ta:three body problem|liu');
  });

  it('keep names apart that are different people', () => {
    expect(authorSurname('余華')).toBe('余华');
    expect(authorSurname('余華')).not.toBe(authorSurname('金庸'));
  });

  it('bring a key stored by an earlier release to the current rule', () => {
    expect(currentWorkKey('ta:三体|劉慈欣')).toBe('ta:三体|刘慈欣');
    expect(currentWorkKey('ta:三體|劉慈欣')).toBe(titleAuthorWorkKey('三体', '刘慈欣'));
    expect(currentWorkKey('ta:pragmatic programmer|hunt')).toBe('ta:pragmatic programmer|hunt');
    expect(currentWorkKey('isbn:9787536692930')).toBe('isbn:9787536692930');
  });
});
