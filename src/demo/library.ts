// The demo library: a small university's departments, people and a few weeks of suggestions
// and decisions, played through the real services with the clock turned back, so the demo's
// history, pooled counts and outbox are exactly what real use would have written.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps, Principal, SignInChoice } from '../context.js';
import { speaksForDepartment } from '../domain/access.js';
import { FORMATS, PATRON_CATEGORIES, ROLES, titles } from '../db/schema.js';
import { LOCALES } from '../domain/locale.js';
import { EMPTY_METADATA, type Metadata } from '../domain/metadata.js';
import { authorSurname, normalizeTitle } from '../domain/work-key.js';
import { runAtomic } from '../db/db.js';
import { runEnrichment } from '../jobs/enrich.js';
import { cacheStep } from '../services/enrichment/cache.js';
import { readGoogleAnswer } from '../services/enrichment/googlebooks.js';
import { readOpenLibraryBook } from '../services/enrichment/openlibrary.js';
import { readDepartmentDisciplines, writeHoldings, writeLoanHistory } from './generate-loans.js';
import { importDepartments } from '../services/imports/departments.js';
import { fileSource } from '../node/file-source.js';
import { importCatalogue } from '../services/imports/catalogue.js';
import { importHoldings } from '../services/imports/holdings.js';
import { bufferSource } from '../services/imports/import-run.js';
import { importLoans } from '../services/imports/loans.js';
import { findPatron } from '../services/access/patrons.js';
import { rescore } from '../services/scoring.js';
import { createSuggestion } from '../services/suggestions.js';
import { answerFeedback, feedbackTokenOf } from '../services/feedback.js';
import { changeStatus } from '../services/titles.js';
import { createToken } from '../services/access/tokens.js';

const DAY_MS = 86_400_000;

const librarySchema = z.object({
  about: z.string().optional(),
  /** what the pages and messages call the library while the demo runs (LIBRARY_NAME, unless set) */
  name: z.string().min(1),
  /** the synthetic circulation the demo's loans come from */
  generated: z.object({
    seed: z.number().int(),
    loans: z.number().int(),
    titles: z.number().int(),
    years: z.number().int(),
  }),
  /** MARC files under fixtures/ whose records the demo library holds */
  holdings: z.array(z.string()),
  /**
   * When those records were catalogued: a title suggested before then that they hold is found
   * held, as a holdings import finds it; one suggested after is refused, as the library has it.
   */
  holdingsDaysAgo: z.number(),
  /** a vendor's new-title list (a CSV under fixtures/) patrons browse at /catalogue, issued this many days ago */
  catalogue: z
    .object({
      file: z.string(),
      name: z.string(),
      vendor: z.string(),
      daysAgo: z.number(),
      currency: z.string().optional(),
    })
    .optional(),
  people: z.array(
    z.object({
      token: z.string().startsWith('r2b_demo_'),
      role: z.enum(ROLES),
      externalId: z.string().nullable(),
      displayName: z.string(),
      email: z.string().nullable(),
      department: z.string().nullable(),
      category: z.enum(PATRON_CATEGORIES),
      locale: z.enum(LOCALES),
    }),
  ),
  suggestions: z.array(
    z.object({
      by: z.string(),
      daysAgo: z.number(),
      isbn: z.string().optional(),
      title: z.string().optional(),
      author: z.string().optional(),
      reason: z.string().optional(),
      format: z.enum(FORMATS).default('print'),
      wantsHold: z.boolean().default(false),
      needByDays: z.number().optional(),
    }),
  ),
  decisions: z.array(
    z.object({
      title: z.string(),
      daysAgo: z.number(),
      by: z.string(),
      status: z.string(),
      reason: z.string().optional(),
    }),
  ),
  /** requesters' answers to "Was this what you needed?", as they gave them from the message's link */
  feedback: z
    .array(
      z.object({
        title: z.string(),
        by: z.string(),
        daysAgo: z.number(),
        answer: z.enum(['yes', 'no']),
        note: z.string().optional(),
      }),
    )
    .default([]),
  /** loans of the books bought on request, after they reached the shelf: what the outcomes report measures */
  circulation: z
    .array(
      z.object({
        isbn: z.string(),
        callNumber: z.string(),
        department: z.string().nullable(),
        daysAgo: z.array(z.number()),
      }),
    )
    .default([]),
});

export type DemoLibrary = z.infer<typeof librarySchema>;
export type DemoPerson = DemoLibrary['people'][number];

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));
export const DEMO_FILE = join(FIXTURES, 'demo/library.json');
export const DEMO_DEPARTMENTS = join(FIXTURES, 'demo/departments.csv');

export function readDemoLibrary(path = DEMO_FILE): DemoLibrary {
  return librarySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The demo's people, offered on the sign-in page so a visitor can be any of them in one click. */
export function demoSignInChoices(library: DemoLibrary): SignInChoice[] {
  return library.people.map((p) => ({
    token: p.token,
    name: p.displayName,
    role: p.role,
    department: p.department ?? null,
    category: p.category,
  }));
}

/** Is the database empty of everything the demo would add? */
export async function isEmptyLibrary(deps: Deps): Promise<boolean> {
  const anyTitle = await deps.db.orm.select({ id: titles.id }).from(titles).limit(1).get();
  const anyPatron = await findPatron(deps.db, 'demo-ana');
  return !anyTitle && !anyPatron;
}

export async function loadDemoLibrary(deps: Deps, library: DemoLibrary): Promise<void> {
  const now = deps.clock();
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS);
  await importDepartments(deps, fileSource(DEMO_DEPARTMENTS));
  await loadCollection(deps, library);
  await seedMetadata(deps);

  for (const person of library.people) {
    await createToken(
      deps.db,
      {
        role: person.role,
        label: `demo: ${person.displayName}`,
        departmentCode: speaksForDepartment(person.role) ? person.department : null,
        ...(person.externalId
          ? {
              patron: {
                externalId: person.externalId,
                displayName: person.displayName,
                email: person.email,
                departmentCode: person.department,
                category: person.category,
                locale: person.locale,
              },
            }
          : {}),
      },
      at(60),
      person.token,
    );
  }

  // Events happen in time order, as they would have.
  const events = [
    ...library.suggestions.map((s) => ({ daysAgo: s.daysAgo, run: () => suggest(s) })),
    ...library.decisions.map((d) => ({ daysAgo: d.daysAgo, run: () => decide(d) })),
    ...library.feedback.map((f) => ({ daysAgo: f.daysAgo, run: () => answer(f) })),
    { daysAgo: library.holdingsDaysAgo, run: () => catalogue() },
    ...(library.catalogue
      ? [{ daysAgo: library.catalogue.daysAgo, run: () => vendorCatalogue(library.catalogue!) }]
      : []),
  ].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const event of events) await event.run();
  await circulate(deps, library, at);
  // Scores as they stand now, with the whole history in.
  await rescore(deps, { all: true });

  async function suggest(s: DemoLibrary['suggestions'][number]) {
    const when = at(s.daysAgo);
    const principal = await principalFor(s.by, 'patron');
    const needBy =
      s.needByDays === undefined
        ? undefined
        : at(s.daysAgo - s.needByDays)
            .toISOString()
            .slice(0, 10);
    const then = { ...deps, clock: () => when };
    await createSuggestion(
      then,
      principal,
      {
        isbn: s.isbn,
        title: s.title,
        author: s.author,
        reason: s.reason,
        format: s.format,
        wantsHold: s.wantsHold,
        needBy,
      },
      'web',
    );
    // Enrichment would have run seconds later; from the seeded cache it needs no network.
    await runEnrichment(then);
  }

  async function decide(d: DemoLibrary['decisions'][number]) {
    const when = at(d.daysAgo);
    const title = await deps.db.orm.select({ id: titles.id }).from(titles).where(eq(titles.workKey, d.title)).get();
    if (!title) throw new Error(`demo decision for unknown title ${d.title}`);
    const person = library.people.find((p) => p.externalId === d.by);
    await changeStatus(
      { ...deps, clock: () => when },
      await principalFor(d.by, person?.role ?? 'selector'),
      title.id,
      d.status,
      d.reason ?? null,
    );
  }

  async function answer(f: DemoLibrary['feedback'][number]) {
    const patron = await findPatron(deps.db, f.by);
    const title = await deps.db.orm.select({ id: titles.id }).from(titles).where(eq(titles.workKey, f.title)).get();
    const token = patron && title ? await feedbackTokenOf(deps.db, title.id, patron.id) : null;
    if (!token) throw new Error(`demo feedback from ${f.by} on ${f.title}, who has no link to answer`);
    await answerFeedback(deps.db, token, f.answer, f.note ?? null, at(f.daysAgo));
  }

  async function catalogue() {
    const then = { ...deps, clock: () => at(library.holdingsDaysAgo) };
    for (const file of library.holdings) await importHoldings(then, fileSource(join(FIXTURES, file)));
  }

  async function vendorCatalogue(list: NonNullable<DemoLibrary['catalogue']>) {
    const then = { ...deps, clock: () => at(list.daysAgo) };
    await importCatalogue(then, fileSource(join(FIXTURES, list.file)), {
      catalogue: { name: list.name, vendor: list.vendor, issued: at(list.daysAgo).toISOString().slice(0, 10) },
      ...(list.currency ? { currency: list.currency } : {}),
    });
  }

  async function principalFor(externalId: string, role: DemoPerson['role']): Promise<Principal> {
    const patron = await findPatron(deps.db, externalId);
    if (!patron) throw new Error(`demo person ${externalId} is missing`);
    return { role, patron, departmentCode: patron.departmentCode, actor: `patron:${patron.id}` };
  }
}

/**
 * The demo's collection and circulation before its story begins: a generated catalogue and
 * three years of loans for the demo departments, written to files and brought in through the
 * same importers a library uses. (Its real MARC records come later, in the story.)
 */
async function loadCollection(deps: Deps, library: DemoLibrary): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'r2b-demo-'));
  try {
    const options = {
      seed: library.generated.seed,
      rows: library.generated.loans,
      titles: library.generated.titles,
      years: library.generated.years,
      end: deps.clock(),
      departments: await readDepartmentDisciplines(DEMO_DEPARTMENTS),
      classification: deps.classification,
    };
    await writeHoldings(join(folder, 'holdings.csv'), options);
    await writeLoanHistory(join(folder, 'loans.csv'), options);
    await importHoldings(deps, fileSource(join(folder, 'holdings.csv')));
    await importLoans(deps, fileSource(join(folder, 'loans.csv')), { preset: 'generic' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The later loans of what was bought on request, brought in as a library brings in its loans. */
async function circulate(deps: Deps, library: DemoLibrary, at: (daysAgo: number) => Date): Promise<void> {
  const rows = library.circulation.flatMap((c) =>
    c.daysAgo.map((days) => [at(days).toISOString().slice(0, 10), c.isbn, c.callNumber, c.department ?? ''].join(',')),
  );
  if (rows.length === 0) return;
  const csv = ['loaned_at,isbn,call_number,department', ...rows].join('\n');
  await importLoans(deps, bufferSource('demo-circulation.csv', Buffer.from(csv)), {
    preset: 'generic',
    source: 'demo-circulation',
  });
}

const metadataFileSchema = z.object({
  googlebooks: z.array(z.object({ isbn13: z.string() }).loose()),
  openlibraryUnknown: z.array(z.string()),
  searches: z.array(
    z.object({
      title: z.string(),
      author: z.string().nullable(),
      found: z.object({ isbn13: z.string() }).loose().nullable(),
    }),
  ),
});

/**
 * The enrichment cache as if the providers had been asked: real recorded answers from
 * fixtures/providers, and entries written for the demo (fixtures/demo/metadata.json), so the
 * demo's titles show metadata, prices and proposals with no network.
 */
async function seedMetadata(deps: Deps): Promise<void> {
  const file = metadataFileSchema.parse(JSON.parse(readFileSync(join(FIXTURES, 'demo/metadata.json'), 'utf8')));
  const entries: Record<string, [string, Metadata | null][]> = { openlibrary: [], googlebooks: [] };
  const providers = join(FIXTURES, 'providers');
  for (const name of readdirSync(providers)) {
    const body = JSON.parse(readFileSync(join(providers, name), 'utf8')) as unknown;
    if (name.startsWith('ol_')) {
      for (const record of Object.values(body as Record<string, unknown>)) {
        const metadata = readOpenLibraryBook(record);
        for (const isbn of metadata?.isbn13s ?? []) entries.openlibrary!.push([`openlibrary:${isbn}`, metadata]);
      }
    } else if (name.startsWith('gb_')) {
      for (const metadata of readGoogleAnswer(body)) {
        for (const isbn of metadata.isbn13s) entries.googlebooks!.push([`googlebooks:${isbn}`, metadata]);
      }
    }
  }
  for (const written of file.googlebooks) {
    entries.googlebooks!.push([
      `googlebooks:${written.isbn13}`,
      { ...EMPTY_METADATA, isbn13s: [written.isbn13], ...written } as Metadata,
    ]);
  }
  for (const isbn of file.openlibraryUnknown) entries.openlibrary!.push([`openlibrary:${isbn}`, null]);
  for (const search of file.searches) {
    const found = search.found
      ? ({ ...EMPTY_METADATA, isbn13s: [search.found.isbn13], ...search.found } as Metadata)
      : null;
    entries.googlebooks!.push([
      `googlebooks:search:${normalizeTitle(search.title)}|${authorSurname(search.author ?? '')}`,
      found,
    ]);
  }
  const year = { foundMs: 365 * DAY_MS, missingMs: 365 * DAY_MS };
  await runAtomic(
    deps.db,
    Object.entries(entries).map(([provider, list]) => cacheStep(provider, list, deps.clock(), year)),
  );
}
