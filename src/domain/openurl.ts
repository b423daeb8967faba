// A discovery layer's "Didn't find it? Suggest a purchase" link: OpenURL (Z39.88-2004, the
// 1.0 KEV keys `rft.*`, and the older 0.1 keys VuFind, Primo, EDS and Koha still send) read
// into what the suggestion form asks: ISBN, title, author, and the edition (publisher, year,
// edition, series). A link about an article or a journal names no book to buy, and fills in
// nothing.

export interface OpenUrlBook {
  isbn: string;
  title: string;
  author: string;
}

/** The edition a link names, each part '' when it names none. */
export interface OpenUrlEdition {
  publisher: string;
  /** the year of `rft.date` ("2008", "2008-05-01") */
  year: string;
  edition: string;
  series: string;
}

const NOT_BOOKS = new Set(['article', 'journal', 'issue', 'proceeding', 'conference', 'preprint']);

/** The first of the keys the link gives a value, trimmed and cut to a field's size, or ''. */
function reader(query: Record<string, string | undefined>) {
  return (...keys: string[]) => {
    for (const key of keys) {
      const value = query[key]?.trim();
      if (value) return value.slice(0, 500);
    }
    return '';
  };
}

/** The book an OpenURL names, or null when it names none (or is not an OpenURL). */
export function bookFromOpenUrl(query: Record<string, string | undefined>): OpenUrlBook | null {
  const get = reader(query);
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

/** The edition of the book an OpenURL names (`rft.pub`, `rft.date`, `rft.edition`, `rft.series`), or null with no book. */
export function editionFromOpenUrl(query: Record<string, string | undefined>): OpenUrlEdition | null {
  if (!bookFromOpenUrl(query)) return null;
  const get = reader(query);
  return {
    publisher: get('rft.pub', 'pub'),
    year: /^\d{4}/.exec(get('rft.date', 'date'))?.[0] ?? '',
    edition: get('rft.edition'),
    series: get('rft.series'),
  };
}
