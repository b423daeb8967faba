// Patrons are known by the identity provider's id (or the id given to `r2b token create`), so a
// JWT sign-in and an API token for the same person meet on one record.
import { eq, sql } from 'drizzle-orm';
import type { PatronIdentity } from '../../context.js';
import type { Db } from '../../db/db.js';
import { prepared } from '../../db/prepared.js';
import { type PatronCategory, patrons } from '../../db/schema.js';
import { isMailbox } from '../../domain/mailbox.js';

export interface PatronClaims {
  externalId: string;
  email?: string | null;
  displayName?: string | null;
  departmentCode?: string | null;
  category?: PatronCategory;
  locale?: string;
  webhookUrl?: string | null;
}

/** A patron as a principal carries it. */
export const patronIdentityColumns = {
  id: patrons.id,
  externalId: patrons.externalId,
  email: patrons.email,
  displayName: patrons.displayName,
  departmentCode: patrons.departmentCode,
  category: patrons.category,
  locale: patrons.locale,
  webhookUrl: patrons.webhookUrl,
};

export async function findPatron(db: Db, externalId: string): Promise<PatronIdentity | undefined> {
  return db.orm.select(patronIdentityColumns).from(patrons).where(eq(patrons.externalId, externalId)).get();
}

export async function findPatronById(db: Db, id: number): Promise<PatronIdentity | undefined> {
  return prepared(db, 'patron-by-id', (orm) =>
    orm
      .select(patronIdentityColumns)
      .from(patrons)
      .where(eq(patrons.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

/** Create the patron, or bring its details up to date with what the identity provider says. */
export async function upsertPatron(db: Db, claims: PatronClaims, now: Date): Promise<PatronIdentity> {
  if (claims.email && !isMailbox(claims.email)) {
    throw new Error(`"${claims.email}" is not one email address.`);
  }
  const existing = await findPatron(db, claims.externalId);
  const wanted = {
    email: claims.email ?? existing?.email ?? null,
    displayName: claims.displayName ?? existing?.displayName ?? null,
    departmentCode: claims.departmentCode ?? existing?.departmentCode ?? null,
    category: claims.category ?? existing?.category ?? 'public',
    locale: claims.locale ?? existing?.locale ?? 'en',
    webhookUrl: claims.webhookUrl ?? existing?.webhookUrl ?? null,
  };
  if (existing) {
    const changed = (Object.keys(wanted) as (keyof typeof wanted)[]).some((k) => wanted[k] !== existing[k]);
    // Most sign-ins change nothing; skip the write so reads stay reads.
    if (!changed) return existing;
    await db.orm
      .update(patrons)
      .set({ ...wanted, updatedAt: now })
      .where(eq(patrons.id, existing.id));
  } else {
    await db.orm
      .insert(patrons)
      .values({ externalId: claims.externalId, ...wanted, createdAt: now, updatedAt: now })
      .onConflictDoNothing();
  }
  const saved = await findPatron(db, claims.externalId);
  if (!saved) throw new Error(`patron ${claims.externalId} vanished while being saved`);
  return saved;
}
