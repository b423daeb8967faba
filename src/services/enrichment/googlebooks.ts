// Google Books (/volumes?q=isbn:…): one request per ISBN, but it knows many books Open Library
// does not, often with a list price (what a selector needs against a budget), and it answers
// searches by title and author, which is how an ISBN-less suggestion finds its edition.
// Not found is {"kind":"books#volumes","totalItems":0} with no items.
import { z } from 'zod';
import { toIsbn13 } from '../../domain/isbn.js';
import { EMPTY_METADATA, type Metadata, yearOf } from '../../domain/metadata.js';
import { type ProviderClient, ProviderFailure } from './http.js';

const priceSchema = z.object({ amount: z.number(), currencyCode: z.string() }).loose();

const volumeSchema = z
  .object({
    id: z.string().optional(),
    volumeInfo: z
      .object({
        title: z.string().optional(),
        subtitle: z.string().optional(),
        authors: z.array(z.string()).optional(),
        publisher: z.string().optional(),
        publishedDate: z.string().optional(),
        industryIdentifiers: z.array(z.object({ type: z.string(), identifier: z.string() }).loose()).optional(),
        pageCount: z.number().optional(),
        categories: z.array(z.string()).optional(),
        imageLinks: z.record(z.string(), z.string()).optional(),
        language: z.string().optional(),
        infoLink: z.string().optional(),
      })
      .loose(),
    saleInfo: z.object({ listPrice: priceSchema.optional(), retailPrice: priceSchema.optional() }).loose().optional(),
  })
  .loose();

const answerSchema = z
  .object({ kind: z.string().optional(), totalItems: z.number(), items: z.array(volumeSchema).optional() })
  .loose();

export interface SearchCandidate {
  isbn13: string;
  metadata: Metadata;
}

/** The volumes of a recorded or live Google Books answer as metadata. */
export function readGoogleAnswer(body: unknown): Metadata[] {
  const parsed = answerSchema.safeParse(body);
  return parsed.success ? (parsed.data.items ?? []).map(toMetadata) : [];
}

function toMetadata(volume: z.infer<typeof volumeSchema>): Metadata {
  const info = volume.volumeInfo;
  const isbn13s = (info.industryIdentifiers ?? [])
    .filter((i) => i.type === 'ISBN_13' || i.type === 'ISBN_10')
    .map((i) => toIsbn13(i.identifier))
    .filter((i): i is string => i !== null);
  const price = volume.saleInfo?.listPrice ?? volume.saleInfo?.retailPrice;
  const cover = info.imageLinks?.thumbnail ?? info.imageLinks?.smallThumbnail ?? null;
  return {
    ...EMPTY_METADATA,
    title: info.title?.trim() || null,
    subtitle: info.subtitle?.trim() || null,
    authors: info.authors ?? [],
    publisher: info.publisher ?? null,
    publishedYear: yearOf(info.publishedDate),
    language: info.language ?? null,
    pageCount: info.pageCount ?? null,
    subjects: info.categories ?? [],
    // Google serves its covers over http; pages served over https would refuse them.
    coverUrl: cover ? cover.replace(/^http:/, 'https:') : null,
    isbn13s: [...new Set(isbn13s)],
    listPrice: price ? { amount: price.amount, currency: price.currencyCode } : null,
    link: info.infoLink ?? null,
  };
}

export class GoogleBooks {
  readonly name = 'googlebooks';
  constructor(
    readonly client: ProviderClient,
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
  ) {}

  async lookup(isbn13s: string[], timeoutMs?: number): Promise<Map<string, Metadata | null>> {
    const out = new Map<string, Metadata | null>();
    await Promise.all(
      isbn13s.map(async (isbn) => {
        const answer = await this.volumes(`isbn:${isbn}`, timeoutMs);
        // A search by ISBN can return a near match; prefer the volume that carries the ISBN.
        const items = answer.items ?? [];
        const exact = items.map(toMetadata).find((m) => m.isbn13s.includes(isbn));
        out.set(isbn, exact ?? (items[0] ? toMetadata(items[0]) : null));
      }),
    );
    return out;
  }

  /** Editions matching a title and author, best first, each with an ISBN-13. */
  async search(title: string, author: string | null, timeoutMs?: number): Promise<SearchCandidate[]> {
    // Quoted phrases, separated by spaces (the query string's "+"): intitle:"…" inauthor:"…".
    const phrase = (text: string) => `"${text.replace(/"/g, ' ').trim()}"`;
    const q = [`intitle:${phrase(title)}`, ...(author ? [`inauthor:${phrase(author)}`] : [])].join(' ');
    const answer = await this.volumes(q, timeoutMs);
    return (answer.items ?? []).flatMap((v) => {
      const metadata = toMetadata(v);
      return metadata.isbn13s[0] ? [{ isbn13: metadata.isbn13s[0], metadata }] : [];
    });
  }

  private async volumes(q: string, timeoutMs?: number) {
    const key = this.apiKey ? `&key=${encodeURIComponent(this.apiKey)}` : '';
    const url = `${this.baseUrl.replace(/\/$/, '')}/volumes?q=${encodeURIComponent(q)}${key}`;
    const parsed = answerSchema.safeParse(await this.client.getJson(url, timeoutMs));
    if (!parsed.success)
      throw new ProviderFailure(this.name, `unexpected answer: ${parsed.error.issues[0]?.message}`, 'malformed');
    return parsed.data;
  }
}
