import { describe, expect, it } from 'vitest';
import { marcLanguage, nonFilingCharacters } from '../../src/domain/languages.js';

describe('the characters a catalogue skips before filing a title', () => {
  it("are its language's leading article with the space after it", () => {
    expect(nonFilingCharacters('The Structure of Scientific Revolutions', 'en')).toBe(4);
    expect(nonFilingCharacters('A Brief History of Time', 'en-GB')).toBe(2);
    expect(nonFilingCharacters('An Introduction to Statistical Learning', 'eng')).toBe(3);
    expect(nonFilingCharacters('Der Process', 'de')).toBe(4);
    expect(nonFilingCharacters('Les Misérables', 'fre')).toBe(4);
    expect(nonFilingCharacters('El amor en los tiempos del cólera', 'es')).toBe(3);
    expect(nonFilingCharacters('Il nome della rosa', 'it')).toBe(3);
  });

  it('join an elided article to its word, with either apostrophe', () => {
    expect(nonFilingCharacters("L'Étranger", 'fr')).toBe(2);
    expect(nonFilingCharacters('L’amica geniale', 'it')).toBe(2);
  });

  it('count the quote or bracket before the article', () => {
    expect(nonFilingCharacters('"The Wire" and philosophy', 'en')).toBe(5);
  });

  it('are none for a word that is an article only in another language', () => {
    // "Die Hard" is English: die is German's article, not English's.
    expect(nonFilingCharacters('Die Hard', 'en')).toBe(0);
    expect(nonFilingCharacters('A la recherche du temps perdu', 'fr')).toBe(0);
    expect(nonFilingCharacters('Theory of Games', 'en')).toBe(0);
  });

  it('read a title in a language no one named as English', () => {
    expect(nonFilingCharacters('The Pragmatic Programmer', null)).toBe(4);
    expect(nonFilingCharacters('Die Verwandlung', null)).toBe(0);
  });

  it('are none in languages without articles, and for a title that is only its article', () => {
    expect(nonFilingCharacters('活着', 'zh-CN')).toBe(0);
    expect(nonFilingCharacters('The', 'en')).toBe(0);
  });
});

describe('the MARC code of a language', () => {
  it('is found from the codes providers and catalogues use, undetermined otherwise', () => {
    expect(marcLanguage('en')).toBe('eng');
    expect(marcLanguage('zh-CN')).toBe('chi');
    expect(marcLanguage('zho')).toBe('chi');
    expect(marcLanguage('deu')).toBe('ger');
    expect(marcLanguage('xx')).toBe('und');
    expect(marcLanguage(null)).toBe('und');
  });
});
