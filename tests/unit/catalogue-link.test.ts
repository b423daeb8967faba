import { describe, expect, it } from 'vitest';
import { catalogueLink } from '../../src/domain/catalogue-link.js';

describe("a held book's page in the catalogue (CATALOGUE_URL)", () => {
  const book = { isbn13: '9780262032933', recordId: '4242' };

  it('fills in the ISBN-13 and the ILS record id wherever the template asks for them', () => {
    expect(catalogueLink('https://opac.example.edu/search?isbn={isbn}', book)).toBe(
      'https://opac.example.edu/search?isbn=9780262032933',
    );
    expect(catalogueLink('https://opac.example.edu/cgi-bin/koha/opac-detail.pl?biblionumber={record}', book)).toBe(
      'https://opac.example.edu/cgi-bin/koha/opac-detail.pl?biblionumber=4242',
    );
    expect(
      catalogueLink('https://x.example/{record}?isbn={isbn}', { isbn13: '9780262032933', recordId: 'a b/c' }),
    ).toBe('https://x.example/a%20b%2Fc?isbn=9780262032933');
  });

  it('makes no link when a placeholder it needs is unknown, or when there is no template', () => {
    expect(catalogueLink('https://opac.example.edu/record/{record}', { ...book, recordId: null })).toBeNull();
    expect(catalogueLink('https://opac.example.edu/search?isbn={isbn}', { ...book, isbn13: null })).toBeNull();
    expect(catalogueLink(undefined, book)).toBeNull();
  });
});
