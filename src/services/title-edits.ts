// Staff editing a title: its record (title, authors, publisher, year, edition, price), the
// order (fund, copies, vendor), a note for staff and the colleague who manages it. Each change
// is written with one audit row per field (who, when, before, after) in the same atomic write;
// the rule that keeps staff's record over the providers' is domain/title-edits.ts.
import { asc, eq, sql } from 'drizzle-orm';
import type { Deps, Principal } from '../context.js';
import { runAtomic } from '../db/db.js';
import { newId } from '../db/sql.js';
import { patrons, titleChanges, titles } from '../db/schema.js';
import { rolesFor } from '../domain/access.js';
import type { MergedMetadata } from '../domain/metadata.js';
import {
  blankAsCleared,
  changedFields,
  type EditableValues,
  type EditField,
  editedMetadata,
  type StaffMetadata,
  type TitleEdit,
  withStaffEdits,
} from '../domain/title-edits.js';
import { ApiError, validationError } from '../errors.js';
import { enqueueStep } from '../jobs/queue.js';

/** The record as the library means it: the providers' with staff's fields laid over. */
export function effectiveMetadata(row: { metadata: string | null; edits: string | null }): MergedMetadata | null {
  return withStaffEdits(
    row.metadata ? (JSON.parse(row.metadata) as MergedMetadata) : null,
    row.edits ? (JSON.parse(row.edits) as StaffMetadata) : null,
  );
}

export interface StaffMember {
  id: number;
  externalId: string;
  name: string;
}

/** The colleagues a title can be assigned to: the people behind live selector and admin tokens. */
export async function staffMembers(deps: Deps): Promise<StaffMember[]> {
  const roles = JSON.stringify(rolesFor('editTitles'));
  const rows = await deps.db.orm.all<{ id: number; external_id: string; display_name: string | null }>(
    sql`SELECT DISTINCT p.id, p.external_id, p.display_name FROM api_tokens t JOIN patrons p ON p.id = t.patron_id
        WHERE t.revoked_at IS NULL AND t.role IN (SELECT value FROM json_each(${roles}))
        ORDER BY coalesce(p.display_name, p.external_id), p.id`,
  );
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, name: r.display_name ?? r.external_id }));
}

/** What staff keep on a title beside its record: for staff's eyes only. */
export interface StaffFields {
  fund: string | null;
  quantity: number | null;
  vendor: string | null;
  note: string | null;
  assignee: { id: string; name: string } | null;
}

export async function staffFieldsOf(deps: Deps, titleId: number): Promise<StaffFields | undefined> {
  const row = await deps.db.orm
    .select({
      fund: titles.fund,
      quantity: titles.quantity,
      vendor: titles.vendor,
      note: titles.staffNote,
      assigneeId: patrons.externalId,
      assigneeName: patrons.displayName,
    })
    .from(titles)
    .leftJoin(patrons, eq(patrons.id, titles.assigneeId))
    .where(eq(titles.id, titleId))
    .get();
  if (!row) return undefined;
  const { assigneeId, assigneeName, ...rest } = row;
  return { ...rest, assignee: assigneeId ? { id: assigneeId, name: assigneeName ?? assigneeId } : null };
}

export interface ChangeEntry {
  field: EditField;
  before: unknown;
  after: unknown;
  at: Date;
  actorRole: string;
  actor: string;
  actorName: string | null;
}

/** A title's edits, oldest first: the other half of its history. */
export async function titleChangesOf(deps: Deps, titleId: number): Promise<ChangeEntry[]> {
  const rows = await deps.db.orm
    .select()
    .from(titleChanges)
    .where(eq(titleChanges.titleId, titleId))
    .orderBy(asc(titleChanges.at), asc(sql`rowid`))
    .all();
  return rows.map((r) => ({
    field: r.field as EditField,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    at: r.at,
    actorRole: r.actorRole,
    actor: r.actor,
    actorName: r.actorName,
  }));
}

/**
 * Apply a change to a title, and audit it. Returns the fields that changed (none when the
 * change sets what is already there, which writes nothing). A price, fund or copies changed
 * flows into the buy list, its downloads and the ILS push, which all read the title.
 */
export async function editTitle(
  deps: Deps,
  principal: Principal,
  titleId: number,
  edit: TitleEdit,
): Promise<EditField[]> {
  const change = blankAsCleared(edit);
  const row = await deps.db.orm
    .select({
      title: titles.title,
      author: titles.author,
      metadata: titles.metadata,
      edits: titles.edits,
      priceCents: titles.priceCents,
      priceCurrency: titles.priceCurrency,
      fund: titles.fund,
      quantity: titles.quantity,
      vendor: titles.vendor,
      staffNote: titles.staffNote,
      assignee: patrons.externalId,
    })
    .from(titles)
    .leftJoin(patrons, eq(patrons.id, titles.assigneeId))
    .where(eq(titles.id, titleId))
    .get();
  if (!row) throw new ApiError('not-found', `There is no title ${titleId}.`);

  let assigneeId: number | null | undefined;
  if (change.assignee !== undefined && change.assignee !== null) {
    const member = (await staffMembers(deps)).find((m) => m.externalId === change.assignee);
    if (!member) {
      throw validationError([
        {
          pointer: '/assignee',
          detail: `No selector or admin is known as "${change.assignee}".`,
          problem: 'unknown-assignee',
        },
      ]);
    }
    assigneeId = member.id;
  } else if (change.assignee === null) assigneeId = null;

  const edits = row.edits ? (JSON.parse(row.edits) as StaffMetadata) : null;
  const nextEdits = editedMetadata(edits, change);
  const provided = row.metadata ? (JSON.parse(row.metadata) as MergedMetadata) : null;
  // The price the lists read is the title's own (enrichment keeps the last one a provider gave).
  const stored = row.priceCents === null ? null : { amount: row.priceCents / 100, currency: row.priceCurrency ?? '' };
  const before = { ...valuesOf(row, withStaffEdits(provided, edits)), price: stored };
  const after: EditableValues = {
    ...valuesOf(row, withStaffEdits(provided, nextEdits)),
    price: change.price !== undefined ? (change.price ?? provided?.listPrice ?? null) : stored,
    ...pick(change, ['fund', 'quantity', 'vendor', 'staffNote', 'assignee']),
  };
  const changed = changedFields(before, after);
  if (changed.length === 0) return [];

  const at = deps.clock().getTime();
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const name = principal.patron ? (principal.patron.displayName ?? principal.patron.externalId) : null;
  const price = after.price;
  const repriced = changed.some((c) => c.field === 'price');
  await runAtomic(deps.db, [
    sql`UPDATE titles SET
          edits = ${Object.keys(nextEdits).length ? JSON.stringify(nextEdits) : null},
          title = ${after.title}, author = ${after.authors[0] ?? row.author},
          price_cents = ${repriced ? (price ? Math.round(price.amount * 100) : null) : sql`price_cents`},
          price_currency = ${repriced ? (price?.currency ?? null) : sql`price_currency`},
          fund = ${after.fund}, quantity = ${after.quantity}, vendor = ${after.vendor}, staff_note = ${after.staffNote},
          assignee_id = ${assigneeId === undefined ? sql`assignee_id` : assigneeId},
          updated_at = ${at}
        WHERE id = ${titleId}`,
    ...changed.map(
      (c) => sql`INSERT INTO title_changes (id, title_id, field, before, after, actor_role, actor, actor_name, at)
                 VALUES (${newId()}, ${titleId}, ${c.field}, ${json(c.before)}, ${json(c.after)}, ${principal.role},
                         ${principal.actor}, ${name}, ${at})`,
    ),
    // The price is an input of the score.
    enqueueStep('rescore', sql`SELECT ${String(titleId)} AS subject`, new Date(at)),
  ]);
  return changed.map((c) => c.field);
}

function valuesOf(
  row: Pick<EditableValues, 'fund' | 'quantity' | 'vendor' | 'staffNote' | 'assignee'> & {
    title: string | null;
    author: string | null;
  },
  record: MergedMetadata | null,
): EditableValues {
  return {
    title: record?.title ?? row.title,
    subtitle: record?.subtitle ?? null,
    authors: record?.authors.length ? record.authors : row.author ? [row.author] : [],
    publisher: record?.publisher ?? null,
    publishedYear: record?.publishedYear ?? null,
    edition: record?.edition ?? null,
    price: record?.listPrice ?? null,
    fund: row.fund,
    quantity: row.quantity,
    vendor: row.vendor,
    staffNote: row.staffNote,
    assignee: row.assignee,
  };
}

function pick<K extends keyof TitleEdit>(change: TitleEdit, keys: K[]): Partial<EditableValues> {
  return Object.fromEntries(keys.filter((k) => change[k] !== undefined).map((k) => [k, change[k]]));
}
