// A discovery layer's "Didn't find it? Suggest a purchase" link: OpenURL (Z39.88-2004, the
// 1.0 KEV keys `rft.*`, and the older 0.1 keys VuFind, Primo, EDS and Koha still send) read
// into what the suggestion form asks: ISBN, title, author. A link about an article or a
// journal names no book to buy, and fills in nothing.

export interface OpenUrlBook {
  isbn: string;
  title: string;
  author: string;
}

const NOT_BOOKS = new Set(['article', 'journal', 'issue', 'proceeding', 'conference', 'preprint']);

/** The book an OpenURL names, or null when it names none (or is not an OpenURL). */
export function bookFromOpenUrl(query: Record<string, string | undefined>): OpenUrlBook | null {
  const get = (...keys: string[]) => {
    for (const key of keys) {
      const value = query[key]?.trim();
      if (value) return value.slice(0, 500);
    }
    return '';
  };
  const genre = get('rft.genre', 'genre').toLowerCase();
  const format = get('rft_val_fmt');
  if (NOT_BOOKS.has(genre) || /fmt:kev:mtx:journal$/.test(format)) return null;
  const last = get('rft.aulast', 'aulast');
  const first = get('rft.aufirst', 'aufirst', 'rft.auinit', 'auinit');
  const author = get('rft.au', 'au') || (last ? (first ? `${last}, ${first}` : last) : '');
  const book = {
    isbn: get('rft.isbn', 'isbn'),
    // A chapter (bookitem) names its book in btitle; a book may use either key.
    title: get('rft.btitle', 'rft.title', 'btitle', 'title'),
    author,
  };
  return book.isbn || book.title ? book : null;
}
