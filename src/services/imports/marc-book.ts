// What a bibliographic record says of the book, whichever flavour it is in: its ISBNs, title,
// authors, publisher, year, price and class numbers. The one reading of those fields: the
// holdings import adds where the library's copies are, a vendor catalogue's import takes
// the book as it is offered.
import { realCallNumber, type Scheme, type SchemeHint, schemeOfSource } from '../../domain/classification.js';
import { extractIsbn13s } from '../../domain/isbn.js';
import { type Price, readPrice, yearOf } from '../../domain/metadata.js';
import { fieldsTagged, type MarcRecord, subfield, subfields } from './marc.js';

/** A class or call number a record gives, with the scheme its field names. */
export interface Shelf {
  callNumber: string | null;
  hint?: SchemeHint | undefined;
}

export interface MarcBook {
  title: string | null;
  isbns: string[];
  authors: string[];
  publisher: string | null;
  publishedYear: number | null;
  price: Price | null;
  /** class numbers of the record's classification fields, with their schemes */
  classed: Shelf[];
}

/**
 * The book a record describes. `scheme` is the library's, where a field does not say its own
 * (MARC21's 090, a local call number).
 */
export function marcBook(record: MarcRecord, scheme: Scheme | undefined): MarcBook {
  return record.flavour === 'unimarc' ? unimarcBook(record) : marc21Book(record, scheme);
}

/** The first class number of a book, as given: what a vendor catalogue is filtered by. */
export function firstClass(book: MarcBook): string | null {
  return book.classed.find((c) => c.callNumber)?.callNumber ?? null;
}

/**
 * MARC21: ISBNs in 020 $a and $z, the price in 020 $c, the title in 245 $a, names in 100/110/111
 * and 700/710/711, publisher and year in 264 or 260. Class numbers in 050 (LC), 090 (a local LC
 * call number, unless the library shelves by another scheme), 082 (Dewey) and 084 (the scheme
 * its $2 names).
 */
function marc21Book(record: MarcRecord, scheme: Scheme | undefined): MarcBook {
  const classed: Shelf[] = [
    ...fieldsTagged(record, '050').map((f) => ({ callNumber: joined(f, ['a', 'b']), hint: 'lcc' as const })),
    ...fieldsTagged(record, '090').map((f) => ({ callNumber: joined(f, ['a', 'b']), hint: scheme ?? 'lcc' })),
    ...subfields(record, '082', 'a').map((callNumber) => ({ callNumber, hint: 'ddc' as const })),
    ...fieldsTagged(record, '084').flatMap((f) => {
      const hint = schemeOfSource(subfield(f, '2'));
      return hint && hint !== 'other' ? [{ callNumber: joined(f, ['a', 'b']), hint }] : [];
    }),
  ].map((c) => ({ ...c, callNumber: realCallNumber(c.callNumber) }));
  const published = fieldsTagged(record, '264').find((f) => f[1]?.[1] === '1') ?? fieldsTagged(record, '260')[0];
  const personal = (f: string[]) => {
    const name = trailing(subfield(f, 'a'));
    // First indicator 1: "Surname, Forename", as providers do not write it.
    const inverted = f[0]?.endsWith('00') && f[1]?.[0] === '1' && name ? /^([^,]+),\s*(.+)$/.exec(name) : null;
    return inverted ? `${inverted[2]} ${inverted[1]}` : name;
  };
  return {
    title: trailing(subfields(record, '245', 'a')[0]),
    isbns: isbnsIn([...subfields(record, '020', 'a'), ...subfields(record, '020', 'z')]),
    authors: names(record, ['100', '110', '111', '700', '710', '711'], personal),
    publisher: trailing(published && subfield(published, 'b')),
    publishedYear: yearOf(published && subfield(published, 'c')),
    price:
      subfields(record, '020', 'c')
        .map(readPrice)
        .find((p) => p) ?? null,
    classed,
  };
}

/**
 * UNIMARC and CNMARC: ISBNs in 010 $a and $z, the price in 010 $d ("CNY68.00"), the title in 200
 * $a, names in 700/701/702 and 710/711/712 (else the statement of responsibility, 200 $f),
 * publisher and year in 210 $c $d (214 since 2010). Class numbers in 690 (the CLC) and 686 (the
 * scheme its $2 names).
 */
function unimarcBook(record: MarcRecord): MarcBook {
  const classed: Shelf[] = [
    ...subfields(record, '690', 'a').map((callNumber) => ({ callNumber, hint: 'clc' as const })),
    ...fieldsTagged(record, '686').flatMap((f) => {
      const hint = schemeOfSource(subfield(f, '2'));
      return hint && hint !== 'other' ? [{ callNumber: subfield(f, 'a') ?? '', hint }] : [];
    }),
  ].map((c) => ({ ...c, callNumber: realCallNumber(c.callNumber) }));
  const published = [...fieldsTagged(record, '210'), ...fieldsTagged(record, '214')];
  const personal = (f: string[]) => {
    const [a, b] = [trailing(subfield(f, 'a')), trailing(subfield(f, 'b'))];
    // Second indicator 1: entered under the surname ($a), the forenames in $b.
    return a && b ? (f[1]?.[1] === '1' ? `${b} ${a}` : `${a} ${b}`) : a;
  };
  const authors = names(record, ['700', '701', '702', '710', '711', '712'], personal);
  const responsibility = trailing(subfields(record, '200', 'f')[0]);
  return {
    title: trailing(subfields(record, '200', 'a')[0]),
    isbns: isbnsIn([...subfields(record, '010', 'a'), ...subfields(record, '010', 'z')]),
    authors: authors.length ? authors : responsibility ? [responsibility] : [],
    publisher: trailing(published.map((f) => subfield(f, 'c')).find(Boolean)),
    publishedYear: yearOf(published.map((f) => subfield(f, 'd')).find(Boolean)),
    price:
      subfields(record, '010', 'd')
        .map(readPrice)
        .find((p) => p) ?? null,
    classed,
  };
}

/** The values of `codes` in one field, in the field's order, joined. */
export function joined(field: string[], codes: string[], separator = ' '): string {
  const parts: string[] = [];
  for (let i = 2; i + 1 < field.length; i += 2) if (codes.includes(field[i]!)) parts.push(field[i + 1]!.trim());
  return parts.filter(Boolean).join(separator);
}

// Titles, names and publishers end in the punctuation ISBD puts before the next element.
const trailing = (text: string | undefined) => text?.replace(/[\s/:;,.=]+$/, '').trim() || null;

function names(record: MarcRecord, tags: string[], direct: (field: string[]) => string | null): string[] {
  const out: string[] = [];
  for (const tag of tags)
    for (const f of fieldsTagged(record, tag)) {
      const name = direct(f);
      if (name && !out.includes(name)) out.push(name);
    }
  return out;
}

function isbnsIn(values: string[]): string[] {
  return [...new Set(values.flatMap(extractIsbn13s))];
}
