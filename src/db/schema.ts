// The tables. drizzle-kit generates db/migrations from this file; never edit a migration that
// has landed, change this file and generate a new one.
//
// Times are integer milliseconds since the epoch (UTC). Titles and suggestions have integer ids
// that people can read out ("suggestion 42"); events and outbox messages have ids made by the
// service, so one atomic batch can write an event and the messages that point at it.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROLES } from '../domain/access.js';
import { IMPORTANCES } from '../domain/course.js';

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();

export { ROLES, type Role } from '../domain/access.js';

export const PATRON_CATEGORIES = ['faculty', 'graduate', 'undergraduate', 'staff', 'public'] as const;
export type PatronCategory = (typeof PATRON_CATEGORIES)[number];

/** Every format the service knows by name, in three languages; a library offers some (the FORMATS setting). */
export const FORMATS = ['print', 'ebook', 'audiobook', 'large-print', 'braille'] as const;
export type Format = (typeof FORMATS)[number];

/** What `r2b import` brings in, one importer each. */
export const IMPORT_KINDS = [
  'loans',
  'holdings',
  'departments',
  'suggestions',
  'readinglists',
  'ill',
  'catalogue',
] as const;
/** How a suggestion came in; `catalogue` is the one-click suggestion from a vendor catalogue's entry. */
export const CHANNELS = ['web', 'api', 'import', 'catalogue'] as const;

export const departments = sqliteTable('departments', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  liaisonEmail: text('liaison_email'),
  locale: text('locale').notNull().default('en'),
  fund: text('fund'),
  budgetCents: integer('budget_cents'),
  createdAt: createdAt(),
});

/** Only what notifications and demand scoring need; contact details can be purged. */
export const patrons = sqliteTable('patrons', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  externalId: text('external_id').notNull().unique(),
  email: text('email'),
  displayName: text('display_name'),
  departmentCode: text('department_code'),
  category: text('category', { enum: PATRON_CATEGORIES }).notNull().default('public'),
  locale: text('locale').notNull().default('en'),
  /** where to POST this patron's status events, signed, when their discovery layer wants them */
  webhookUrl: text('webhook_url'),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Bearer tokens made by `r2b token create`; only the SHA-256 of the token is kept. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role', { enum: ROLES }).notNull(),
  patronId: integer('patron_id').references(() => patrons.id),
  /** the department a liaison speaks for */
  departmentCode: text('department_code'),
  label: text('label'),
  createdAt: createdAt(),
  /** to the hour: recorded when a use comes an hour or more after the last one recorded */
  lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
});

export const titles = sqliteTable(
  'titles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** isbn:<ISBN-13>, or ta:<normalized title>|<first author's surname> without an ISBN */
    workKey: text('work_key').notNull().unique(),
    isbn13: text('isbn13'),
    title: text('title'),
    author: text('author'),
    status: text('status').notNull(),
    /** the status's stage in the workflow (pending, active, closed), kept beside it so the buy list reads an index */
    stage: text('stage', { enum: ['pending', 'active', 'closed'] })
      .notNull()
      .default('pending'),
    statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }).notNull(),
    requesterCount: integer('requester_count').notNull().default(0),
    /** merged provider metadata (JSON, see domain/metadata.ts); null until enriched */
    metadata: text('metadata'),
    discipline: text('discipline'),
    priceCents: integer('price_cents'),
    priceCurrency: text('price_currency'),
    /** items the library already owns of this ISBN, and where they are */
    heldItems: integer('held_items').notNull().default(0),
    heldWhere: text('held_where'),
    /** for a title suggested without an ISBN: the edition a search found, for staff to confirm (JSON) */
    proposal: text('proposal'),
    enrichedAt: integer('enriched_at', { mode: 'timestamp_ms' }),
    /** the LC class as a sortable key ("QA 0076.7300"), for selectors assigned call-number ranges */
    lccSort: text('lcc_sort'),
    /** its narrow class number ("lcc:QA276", "ddc:519.5", "clc:TP31"), for the narrow-class evidence */
    classKey: text('class_key'),
    /** demand score (see domain/scoring.ts) and its components (JSON), for the buy list */
    score: real('score'),
    scoreComponents: text('score_components'),
    scoredAt: integer('scored_at', { mode: 'timestamp_ms' }),
    /**
     * what staff set of its metadata and price (JSON, see domain/title-edits.ts): laid over
     * whatever the providers say at every enrichment, so a correction is never undone
     */
    edits: text('edits'),
    /** the order, as a selector set it: the fund that pays (else the charged department's), copies, vendor */
    fund: text('fund'),
    quantity: integer('quantity'),
    vendor: text('vendor'),
    /** for staff only: never on a patron's page, message or API answer */
    staffNote: text('staff_note'),
    /** the colleague who manages it (Koha's "managed by"): a selector or admin */
    assigneeId: integer('assignee_id').references(() => patrons.id),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('titles_status_id_idx').on(t.status, t.id),
    index('titles_assignee_idx').on(t.assigneeId),
    index('titles_stage_score_idx').on(t.stage, sql`${t.score} DESC`, t.id),
    // A department's list counts the titles of its disciplines in a stage from this (services/buylist.ts).
    index('titles_stage_discipline_idx').on(t.stage, t.discipline),
    // ...and checks each title its members asked for for its stage here, by id: this narrow index
    // is a twentieth of the table's pages, and a lookup in it a third of one in the table.
    index('titles_stage_id_idx').on(t.stage, t.id),
  ],
);

export const suggestions = sqliteTable(
  'suggestions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** made by the service per request, so the request can find the row it wrote */
    requestId: text('request_id').notNull().unique(),
    titleId: integer('title_id')
      .notNull()
      .references(() => titles.id),
    /** after `r2b purge`, an anonymous stand-in with no contact details: the request still counts */
    patronId: integer('patron_id')
      .notNull()
      .references(() => patrons.id),
    /** the requester's department and category when they asked: demand stays counted after a purge */
    departmentCode: text('department_code'),
    category: text('category', { enum: PATRON_CATEGORIES }).notNull(),
    format: text('format', { enum: FORMATS }).notNull().default('print'),
    reason: text('reason'),
    /** YYYY-MM-DD */
    needBy: text('need_by'),
    wantsHold: integer('wants_hold', { mode: 'boolean' }).notNull().default(false),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    /** what the patron typed, kept for the selector when it differs from the metadata */
    givenIsbn: text('given_isbn'),
    givenTitle: text('given_title'),
    givenAuthor: text('given_author'),
    /** "for a course", from faculty or a liaison: its code ("HIST 210"), term and expected enrolment */
    courseCode: text('course_code'),
    courseTerm: text('course_term'),
    courseEnrolment: integer('course_enrolment'),
    /** the edition the patron means, as they gave it (or their catalogue's OpenURL did) */
    publisher: text('publisher'),
    publishedYear: integer('published_year'),
    edition: text('edition'),
    series: text('series'),
    /** where they would collect it: a code of the PICKUP_BRANCHES setting */
    pickupBranch: text('pickup_branch'),
    /** for the selectors only, never shown to other patrons */
    noteToStaff: text('note_to_staff'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('suggestions_title_patron_uq').on(t.titleId, t.patronId),
    // The course requests scoring reads per title, without the rows; only course requests are in it.
    index('suggestions_title_course_idx')
      .on(t.titleId, t.courseCode, t.courseTerm, t.courseEnrolment)
      .where(sql`course_code IS NOT NULL`),
    // Covers the requesters scoring counts per title, so a rescore never reads the rows themselves.
    index('suggestions_title_requesters_idx').on(t.titleId, t.category, t.departmentCode, t.needBy),
    index('suggestions_patron_created_idx').on(t.patronId, t.createdAt),
    // Covers the titles a department's members asked for: a department's buy list is counted from it.
    index('suggestions_department_idx').on(t.departmentCode, t.titleId),
  ],
);

/**
 * A title on a course's reading list (`r2b import readinglists`): one row per title, course and
 * term, updated when a later export lists it again. A title the library already holds gets its
 * row too: that is how the selector learns a course needs more copies than are on the shelf.
 */
export const courseReadings = sqliteTable(
  'course_readings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    titleId: integer('title_id')
      .notNull()
      .references(() => titles.id),
    /** as domain/course.ts keeps it: "HIST 210" */
    courseCode: text('course_code').notNull(),
    courseName: text('course_name'),
    /** '' when the list gave no term */
    term: text('term').notNull(),
    /** students expected; null when the list did not say */
    enrolment: integer('enrolment'),
    importance: text('importance', { enum: IMPORTANCES }).notNull(),
    /** the file it came from, as named at import */
    source: text('source').notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('course_readings_title_course_uq').on(t.titleId, t.courseCode, t.term)],
);

/** The audit trail: every status change of a title, by whom, when and why. */
export const statusEvents = sqliteTable(
  'status_events',
  {
    id: text('id').primaryKey(),
    titleId: integer('title_id')
      .notNull()
      .references(() => titles.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorRole: text('actor_role').notNull(),
    /** "patron:12", "token:3" or "system" */
    actor: text('actor').notNull(),
    reason: text('reason'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    /** the title's demand score when it moved: the outcomes report judges the ranking by the score at decision */
    score: real('score'),
  },
  (t) => [index('status_events_title_at_idx').on(t.titleId, t.at)],
);

/** The audit trail of staff edits: one row per field changed, by whom, when, and its values before and after (JSON). */
export const titleChanges = sqliteTable(
  'title_changes',
  {
    id: text('id').primaryKey(),
    titleId: integer('title_id')
      .notNull()
      .references(() => titles.id),
    field: text('field').notNull(),
    before: text('before'),
    after: text('after'),
    actorRole: text('actor_role').notNull(),
    /** "token:3" or "patron:12", as in status_events */
    actor: text('actor').notNull(),
    /** the name staff know the actor by, when the token is a person's */
    actorName: text('actor_name'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('title_changes_title_at_idx').on(t.titleId, t.at)],
);

/**
 * A liaison's word for a title of their department, with a comment: counted as demand
 * (domain/scoring.ts) and shown on the title. One per liaison and title; withdrawn by deleting it.
 */
export const endorsements = sqliteTable(
  'endorsements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    titleId: integer('title_id')
      .notNull()
      .references(() => titles.id),
    departmentCode: text('department_code').notNull(),
    /** "token:3" or "patron:12": whose endorsement it is, to withdraw it */
    actor: text('actor').notNull(),
    actorName: text('actor_name'),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('endorsements_title_actor_uq').on(t.titleId, t.actor)],
);

/**
 * A requester's word on what arrived ("Was this what you needed?"), asked by a one-click link
 * in the "available" message. One per suggestion; the token is random, answers once, and
 * expires; purge forgets the token and the note, keeping only the yes or no of the title.
 */
export const feedback = sqliteTable(
  'feedback',
  {
    suggestionId: integer('suggestion_id')
      .primaryKey()
      .references(() => suggestions.id, { onDelete: 'cascade' }),
    titleId: integer('title_id')
      .notNull()
      .references(() => titles.id),
    /** 128 random bits, hex: the link's only credential; null once answered-and-purged */
    token: text('token').unique(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    answer: text('answer', { enum: ['yes', 'no'] }),
    /** what the requester wrote, shown to selectors, never to other patrons */
    note: text('note'),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('feedback_title_idx').on(t.titleId)],
);

/**
 * The outbox: one row per message to send, written in the same atomic write as the change it
 * reports, so no change goes unannounced and none is announced that did not happen.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    /** one message per (event, recipient), whatever retries or restarts happen */
    dedupeKey: text('dedupe_key').notNull().unique(),
    patronId: integer('patron_id').references(() => patrons.id),
    /** an address that is not a patron's: a department's liaison, for digests */
    recipient: text('recipient'),
    titleId: integer('title_id').references(() => titles.id),
    eventId: text('event_id'),
    kind: text('kind').notNull(),
    locale: text('locale').notNull().default('en'),
    payload: text('payload').notNull().default('{}'),
    status: text('status', { enum: ['pending', 'sent', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    /** the delivery run working on it, and until when: a crashed run's messages are taken up again */
    claim: text('claim'),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    /** each channel is done once: a retry sends only what did not go */
    emailSentAt: integer('email_sent_at', { mode: 'timestamp_ms' }),
    webhookSentAt: integer('webhook_sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_due_idx').on(t.status, t.nextAttemptAt)],
);

/** Which disciplines a department reads in: the library's configuration, set by `r2b import departments`. */
export const departmentDisciplines = sqliteTable(
  'department_disciplines',
  {
    departmentCode: text('department_code')
      .notNull()
      .references(() => departments.code),
    discipline: text('discipline').notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.discipline] })],
);

/**
 * One anonymized circulation. No borrower identifier is ever stored: not the patron id, not
 * the card barcode, not a name, nor any hash of them. `loanKey` is the ILS's own id of the
 * loan (Koha issue_id, Alma and FOLIO loan ids), kept so overlapping exports skip what is in;
 * an id means something only within its `source`, the system that issued it, and on the day
 * it was issued: a loan is the one already stored when all three are the same.
 */
export const loans = sqliteTable(
  'loans',
  {
    // A plain rowid key: AUTOINCREMENT would cost a write to sqlite_sequence on every loan.
    id: integer('id').primaryKey(),
    /** the system the loan was exported from (`--source`, by default the preset's name) */
    source: text('source'),
    loanKey: text('loan_key'),
    loanedAt: integer('loaned_at', { mode: 'timestamp_ms' }).notNull(),
    /** YYYY-MM, the aggregates' period */
    month: text('month').notNull(),
    isbn13: text('isbn13'),
    callNumber: text('call_number'),
    /** null when the call number is fiction or unclassified */
    discipline: text('discipline'),
    departmentCode: text('department_code'),
    patronCategory: text('patron_category'),
    /** where it was lent from: 1 through inter-library loan (ILL_LOCATIONS), 2 from course reserve (RESERVE_LOCATIONS) */
    flags: integer('flags').notNull().default(0),
  },
  (t) => [
    uniqueIndex('loans_source_key_uq')
      .on(t.source, t.loanKey, t.loanedAt)
      .where(sql`loan_key IS NOT NULL`),
  ],
);

/**
 * Loans counted by (discipline, department, month), kept up to date in the same transaction as
 * each imported batch, so scoring never scans raw loans. '' stands for "none": an unclassified
 * call number or a borrower without a department.
 */
export const loanAggregates = sqliteTable(
  'loan_aggregates',
  {
    discipline: text('discipline').notNull(),
    departmentCode: text('department_code').notNull(),
    month: text('month').notNull(),
    loans: integer('loans').notNull(),
  },
  (t) => [primaryKey({ columns: [t.discipline, t.departmentCode, t.month] })],
);

/**
 * Each edition the loan history has lent, under the keys title-level evidence looks it up by
 * (domain/title-evidence.ts): its work (title and first author, or shelf position), its title
 * alone, its author, its narrow class. Kept as loans are imported.
 */
export const loanEditions = sqliteTable(
  'loan_editions',
  {
    editionKey: text('edition_key').primaryKey(),
    workKey: text('work_key'),
    shelfKey: text('shelf_key'),
    titleKey: text('title_key'),
    authorKey: text('author_key'),
    classKey: text('class_key'),
    published: integer('published'),
    /** the most copies an export said the library holds of it; 0 when none said */
    copies: integer('copies').notNull().default(0),
    /** YYYY-MM of its first loan: as of a month, the editions lent before it */
    firstMonth: text('first_month').notNull(),
  },
  (t) => [
    index('loan_editions_work_idx').on(t.workKey),
    index('loan_editions_shelf_idx').on(t.shelfKey),
    index('loan_editions_title_idx').on(t.titleKey),
    index('loan_editions_author_idx').on(t.authorKey),
    index('loan_editions_class_idx').on(t.classKey, t.firstMonth),
  ],
);

/** Loans of each edition by month, with those through ILL and from course reserve among them. */
export const editionLoans = sqliteTable(
  'edition_loans',
  {
    editionKey: text('edition_key').notNull(),
    month: text('month').notNull(),
    loans: integer('loans').notNull(),
    illLoans: integer('ill_loans').notNull().default(0),
    reserveLoans: integer('reserve_loans').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.editionKey, t.month] })],
);

/** Loans by narrow class number and month: the narrow-class evidence, kept as loans are imported. */
export const classLoans = sqliteTable(
  'class_loans',
  {
    classKey: text('class_key').notNull(),
    month: text('month').notNull(),
    loans: integer('loans').notNull(),
  },
  (t) => [primaryKey({ columns: [t.classKey, t.month] })],
);

/**
 * Books the library borrowed from others for its patrons, from an ILL system's export
 * (`r2b import ill`): what was asked for and when, and by which department. Never who asked.
 */
export const illRequests = sqliteTable(
  'ill_requests',
  {
    id: integer('id').primaryKey(),
    /** the ILL system and its own id of the request, so overlapping exports count it once */
    source: text('source').notNull(),
    requestKey: text('request_key').notNull(),
    titleKey: text('title_key'),
    authorKey: text('author_key'),
    isbn13: text('isbn13'),
    month: text('month').notNull(),
    departmentCode: text('department_code'),
  },
  (t) => [
    uniqueIndex('ill_requests_key_uq').on(t.source, t.requestKey),
    index('ill_requests_title_idx').on(t.titleKey),
    index('ill_requests_isbn_idx').on(t.isbn13),
  ],
);

/** What the library owns, one row per bibliographic record (or CSV line). */
export const holdings = sqliteTable(
  'holdings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** marc:<001>, or csv:<ISBN-13 or call number>: a re-import updates the same row */
    recordKey: text('record_key').notNull().unique(),
    title: text('title'),
    callNumber: text('call_number'),
    discipline: text('discipline'),
    items: integer('items').notNull().default(1),
    /** where a patron finds it: library and shelving location, as the catalogue says */
    location: text('location'),
    /** the ILS's own id of the record, for its catalogue page and a hold: Koha's biblionumber (999 $c), else 001 (Alma's MMS id), or a CSV's record_id */
    ilsRecordId: text('ils_record_id'),
    /** what the record says of the book, which enrichment takes from the library's own catalogue first */
    authors: text('authors', { mode: 'json' }).$type<string[]>(),
    publisher: text('publisher'),
    publishedYear: integer('published_year'),
    /** the price the record gives (MARC21 020 $c, UNIMARC 010 $d) */
    priceCents: integer('price_cents'),
    priceCurrency: text('price_currency'),
    /**
     * YYYY-MM-DD: when the library acquired it (the first copy's accession date, Koha 952 $d),
     * else when the record was entered (MARC21 008/00-05, UNIMARC 100 $a/0-7), or a CSV's
     * `acquired`: the other acquisitions that what was bought on request is compared with
     */
    acquired: text('acquired'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('holdings_acquired_idx')
      .on(t.acquired, t.discipline)
      .where(sql`acquired IS NOT NULL`),
  ],
);

/**
 * MARC21 holdings records (MFHD) and UNIMARC ones, each naming its bibliographic record in 004:
 * its copies and call number count for that record's holding, whichever came first, and
 * in whichever file.
 */
export const holdingsRecords = sqliteTable(
  'holdings_records',
  {
    /** mfhd:<003>:<001>, as holdings are keyed */
    recordKey: text('record_key').primaryKey(),
    /** the key its bibliographic record has (marc:<003>:<004>, the agency taken to be this record's own) */
    bibKey: text('bib_key').notNull(),
    /** the same without an agency: the bibliographic record may have none */
    bibKeyBare: text('bib_key_bare').notNull(),
    callNumber: text('call_number'),
    discipline: text('discipline'),
    items: integer('items').notNull(),
    location: text('location'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('holdings_records_bib_idx').on(t.bibKey), index('holdings_records_bib_bare_idx').on(t.bibKeyBare)],
);

/** Every ISBN a holding carries (a record's 020s: print, e-book, each volume). */
export const holdingIsbns = sqliteTable(
  'holding_isbns',
  {
    isbn13: text('isbn13').notNull(),
    holdingId: integer('holding_id')
      .notNull()
      .references(() => holdings.id),
  },
  (t) => [primaryKey({ columns: [t.isbn13, t.holdingId] }), index('holding_isbns_holding_idx').on(t.holdingId)],
);

/** Items and titles held per discipline: the denominator of use per item. '' is unclassified. */
export const disciplineHoldings = sqliteTable('discipline_holdings', {
  discipline: text('discipline').primaryKey(),
  items: integer('items').notNull(),
  titles: integer('titles').notNull(),
});

/**
 * A vendor's new-title list (征订目录: 人天书店, CNPIEC; GOBI or OASIS new-title files), imported
 * for patrons to browse and suggest from. Known by vendor and name: a later file of the same
 * list updates it. Past `expires` (YYYY-MM-DD) it is no longer offered to patrons.
 */
export const catalogues = sqliteTable(
  'catalogues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    vendor: text('vendor').notNull(),
    /** YYYY-MM-DD: the day the vendor issued the list */
    issued: text('issued').notNull(),
    expires: text('expires'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('catalogues_vendor_name_uq').on(t.vendor, t.name)],
);

/**
 * One book of a vendor catalogue. `work_key` is the key a suggestion of it pools under (the
 * ISBN-13's, else title and first author), so its count of requesters is the title's.
 */
export const catalogueEntries = sqliteTable(
  'catalogue_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    catalogueId: integer('catalogue_id')
      .notNull()
      .references(() => catalogues.id, { onDelete: 'cascade' }),
    workKey: text('work_key').notNull(),
    isbn13: text('isbn13'),
    title: text('title').notNull(),
    authors: text('authors', { mode: 'json' }).$type<string[]>().notNull(),
    publisher: text('publisher'),
    publishedYear: integer('published_year'),
    priceCents: integer('price_cents'),
    priceCurrency: text('price_currency'),
    /** the class number the vendor gives (中图分类号 "I247.55", an LC class "QA76.73"), as given */
    classNumber: text('class_number'),
    /** the record's (or row's) number in the file it was last imported from */
    line: integer('line').notNull(),
    /** title, authors and publisher folded for searching (domain/work-key.ts, foldForSearch) */
    searchText: text('search_text'),
  },
  (t) => [
    uniqueIndex('catalogue_entries_work_uq').on(t.catalogueId, t.workKey),
    index('catalogue_entries_work_idx').on(t.workKey),
    index('catalogue_entries_class_idx').on(t.classNumber),
  ],
);

/**
 * One file import, known by the SHA-256 of its content: the checkpoint that lets a killed
 * import resume after its last committed batch, and a second import of the same file do nothing.
 */
export const importRuns = sqliteTable(
  'import_runs',
  {
    /** this file read this way: a digest of the kind, the file's content and the options that change what it means */
    runKey: text('run_key').primaryKey(),
    /** the SHA-256 of the file's bytes: the same export under any name is the same file */
    fileKey: text('file_key').notNull(),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    /** the options as JSON ({"preset":"koha","dates":"mdy",...}), for the summary; null for runs from before they were kept */
    options: text('options'),
    fileName: text('file_name').notNull(),
    /** data records dealt with (imported, rejected or skipped), all committed */
    records: integer('records').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    /** the highest loan id before the batch being written: the batch's loans are those above it */
    batchMark: integer('batch_mark').notNull().default(0),
    /** the first rejections, as JSON [{line, reason}] */
    rejections: text('rejections').notNull().default('[]'),
    status: text('status', { enum: ['running', 'complete'] }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('import_runs_file_idx').on(t.fileKey, t.kind)],
);

/**
 * The data records a loan import rejected, as ranges of their numbers in the file. A later run
 * of the same file with other options (the --dates the rejection asked for) reads only the
 * records no run has imported: a loan is never counted twice, and none is lost.
 */
export const importRejectedRanges = sqliteTable(
  'import_rejected_ranges',
  {
    runKey: text('run_key')
      .notNull()
      .references(() => importRuns.runKey, { onDelete: 'cascade' }),
    first: integer('first').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runKey, t.first] })],
);

/**
 * Work done off the request path (enrichment first): one row per (kind, subject), claimed by a
 * worker with a token and a lease, so a crashed run's jobs are picked up again after the lease.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['pending', 'running', 'done', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    runAfter: integer('run_after', { mode: 'timestamp_ms' }).notNull(),
    claim: text('claim'),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('jobs_kind_subject_uq').on(t.kind, t.subject), index('jobs_due_idx').on(t.status, t.runAfter)],
);

/** Provider answers by ISBN (or search), kept for a while so the same book is fetched once. */
export const metadataCache = sqliteTable('metadata_cache', {
  /** provider:isbn13, or provider:search:<normalized title|author> */
  key: text('key').primaryKey(),
  provider: text('provider').notNull(),
  /** the normalized answer (JSON), or null when the provider does not know the book */
  body: text('body'),
  fetchedAt: integer('fetched_at', { mode: 'timestamp_ms' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Small facts the service keeps about itself: stats_version moves on with every import that changes what scores are made of. */
export const appState = sqliteTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Signed-in browsers. The cookie holds a random secret; only its SHA-256 is stored, so a copy
 * of the database signs no one in. A session speaks for an API token (staff, and demo
 * patrons) or for a patron the identity provider vouched for, and carries the token its forms
 * must echo back (CSRF).
 */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    tokenId: integer('token_id').references(() => apiTokens.id, { onDelete: 'cascade' }),
    patronId: integer('patron_id').references(() => patrons.id, { onDelete: 'cascade' }),
    csrf: text('csrf').notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_expires').on(t.expiresAt)],
);

export const ILS_NAMES = ['koha', 'folio', 'alma'] as const;
export type IlsName = (typeof ILS_NAMES)[number];

/**
 * The ILS outbox and what the ILS said back: one row per approved title, so a title reaches the
 * ILS once whatever retries, restarts or second approvals happen. `key` is sent with the record
 * (Koha's staff note, FOLIO's PO id, Alma's reference number): after an attempt whose answer was
 * lost, the next one looks for it before sending again.
 */
export const ilsRecords = sqliteTable(
  'ils_records',
  {
    titleId: integer('title_id')
      .primaryKey()
      .references(() => titles.id, { onDelete: 'cascade' }),
    ils: text('ils', { enum: ILS_NAMES }).notNull(),
    key: text('key').notNull(),
    /** pending: to send; sent: the ILS has it; dead: gave up after ILS_PUSH_MAX_ATTEMPTS, the error kept */
    status: text('status', { enum: ['pending', 'sent', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    claim: text('claim'),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    /** the ILS's own ids: Koha's suggestion, FOLIO's purchase order, Alma's PO line */
    ilsId: text('ils_id'),
    /** what staff read in the ILS: FOLIO's PO number, Alma's PO line number */
    ilsNumber: text('ils_number'),
    /** FOLIO's PO line id and number */
    lineId: text('line_id'),
    lineNumber: text('line_number'),
    /** the catalogue record once there is one: Koha's biblio_id, FOLIO's instance, Alma's MMS id */
    recordId: text('record_id'),
    /** the ILS's word for where it is (Koha's ORDERED, FOLIO's Awaiting Receipt, Alma's SENT) */
    ilsStatus: text('ils_status'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    syncedAt: integer('synced_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('ils_records_due_idx').on(t.status, t.nextAttemptAt)],
);

/** A hold placed in the ILS for a requester who asked for one: placed once per requester. */
export const ilsHolds = sqliteTable(
  'ils_holds',
  {
    titleId: integer('title_id')
      .notNull()
      .references(() => titles.id, { onDelete: 'cascade' }),
    // A purge that forgets the requester forgets their hold here too.
    patronId: integer('patron_id')
      .notNull()
      .references(() => patrons.id, { onDelete: 'cascade' }),
    holdId: text('hold_id'),
    lastError: text('last_error'),
    placedAt: integer('placed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.titleId, t.patronId] })],
);

export const schema = {
  departments,
  patrons,
  apiTokens,
  titles,
  suggestions,
  courseReadings,
  statusEvents,
  titleChanges,
  endorsements,
  notifications,
  departmentDisciplines,
  loans,
  loanAggregates,
  loanEditions,
  editionLoans,
  classLoans,
  illRequests,
  holdings,
  holdingsRecords,
  holdingIsbns,
  disciplineHoldings,
  importRuns,
  importRejectedRanges,
  jobs,
  metadataCache,
  appState,
  sessions,
  ilsRecords,
  ilsHolds,
};
