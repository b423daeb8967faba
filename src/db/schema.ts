// The tables. drizzle-kit generates db/migrations from this file; never edit a migration that
// has landed, change this file and generate a new one.
//
// Times are integer milliseconds since the epoch (UTC). Titles and suggestions have integer ids
// that people can read out ("suggestion 42"); events and outbox messages have ids made by the
// service, so one atomic batch can write an event and the messages that point at it.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();

export const ROLES = ['patron', 'selector', 'liaison', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PATRON_CATEGORIES = ['faculty', 'graduate', 'undergraduate', 'staff', 'public'] as const;
export type PatronCategory = (typeof PATRON_CATEGORIES)[number];

export const FORMATS = ['print', 'ebook', 'audiobook'] as const;
export const CHANNELS = ['web', 'api', 'import'] as const;

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
    statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }).notNull(),
    requesterCount: integer('requester_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('titles_status_id_idx').on(t.status, t.id)],
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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('suggestions_title_patron_uq').on(t.titleId, t.patronId),
    index('suggestions_patron_created_idx').on(t.patronId, t.createdAt),
    index('suggestions_department_idx').on(t.departmentCode, t.id),
  ],
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
  },
  (t) => [index('status_events_title_at_idx').on(t.titleId, t.at)],
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
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_due_idx').on(t.status, t.nextAttemptAt)],
);

export const schema = { departments, patrons, apiTokens, titles, suggestions, statusEvents, notifications };

