// Open Library's Books API (/api/books?bibkeys=ISBN:…&format=json&jscmd=data): many ISBNs per
// request, classification (LC and Dewey) where catalogued. Quirks: a book found is keyed by
// the bibkey as asked ("ISBN:0385472579"), but some answers come back keyed without the
// prefix; a book not found is simply absent ({} when none is found). Books are often listed
// under their ISBN-10 only, so both forms are asked for.
import { z } from 'zod';
import { toIsbn10, toIsbn13 } from '../../domain/isbn.js';
import { EMPTY_METADATA, type Metadata, yearOf } from '../../domain/metadata.js';
import { type ProviderClient, ProviderFailure } from './http.js';

const named = z
  .union([z.object({ name: z.string() }).loose(), z.string()])
  .transform((v) => (typeof v === 'string' ? v : v.name));

const bookSchema = z
  .object({
    title: z.string().optional(),
    subtitle: z.string().optional(),
    authors: z.array(named).optional(),
    publishers: z.array(named).optional(),
    publish_date: z.string().optional(),
    number_of_pages: z.number().optional(),
    identifiers: z.record(z.string(), z.array(z.string())).optional(),
    classifications: z
      .object({
        lc_classifications: z.array(z.string()).optional(),
        dewey_decimal_class: z.array(z.string()).optional(),
      })
      .loose()
      .optional(),
    subjects: z.array(named).optional(),
    cover: z
      .object({ small: z.string().optional(), medium: z.string().optional(), large: z.string().optional() })
      .loose()
      .optional(),
    url: z.string().optional(),
  })
  .loose();

const answerSchema = z.record(z.string(), bookSchema);

/** One recorded or live Open Library book as metadata; null when it is not a book record. */
export function readOpenLibraryBook(record: unknown): Metadata | null {
  const parsed = bookSchema.safeParse(record);
  return parsed.success ? toMetadata(parsed.data) : null;
}

function toMetadata(book: z.infer<typeof bookSchema>): Metadata {
  const identifiers = book.identifiers ?? {};
  const isbn13s = [...(identifiers.isbn_13 ?? []), ...(identifiers.isbn_10 ?? [])]
    .map(toIsbn13)
    .filter((i): i is string => i !== null);
  return {
    ...EMPTY_METADATA,
    title: book.title?.trim() || null,
    subtitle: book.subtitle?.trim() || null,
    authors: book.authors ?? [],
    publisher: book.publishers?.[0] ?? null,
    publishedYear: yearOf(book.publish_date),
    pageCount: book.number_of_pages ?? null,
    lcc: book.classifications?.lc_classifications ?? [],
    ddc: book.classifications?.dewey_decimal_class ?? [],
    subjects: book.subjects ?? [],
    coverUrl: book.cover?.medium ?? book.cover?.large ?? book.cover?.small ?? null,
    isbn13s: [...new Set(isbn13s)],
    link: book.url ?? null,
  };
}

export class OpenLibrary {
  readonly name = 'openlibrary';
  constructor(
    readonly client: ProviderClient,
    private readonly baseUrl: string,
    private readonly batchSize: number,
  ) {}

  /** What Open Library knows of each ISBN-13 (null: nothing), in as few requests as batching allows. */
  async lookup(isbn13s: string[], timeoutMs?: number): Promise<Map<string, Metadata | null>> {
    const out = new Map<string, Metadata | null>();
    const batches: string[][] = [];
    for (let i = 0; i < isbn13s.length; i += this.batchSize) batches.push(isbn13s.slice(i, i + this.batchSize));
    await Promise.all(
      batches.map(async (batch) => {
        const keys = batch.flatMap((isbn) => [isbn, toIsbn10(isbn)].filter((k) => k !== null).map((k) => `ISBN:${k}`));
        const url = `${this.baseUrl.replace(/\/$/, '')}/api/books?bibkeys=${keys.join(',')}&format=json&jscmd=data`;
        const parsed = answerSchema.safeParse(await this.client.getJson(url, timeoutMs));
        if (!parsed.success)
          throw new ProviderFailure(this.name, `unexpected answer: ${parsed.error.issues[0]?.message}`, 'malformed');
        for (const isbn of batch) {
          const ten = toIsbn10(isbn);
          const book =
            parsed.data[`ISBN:${isbn}`] ??
            parsed.data[isbn] ??
            (ten ? (parsed.data[`ISBN:${ten}`] ?? parsed.data[ten]) : undefined);
          out.set(isbn, book ? toMetadata(book) : null);
        }
      }),
    );
    return out;
  }
}
