// API tokens: made by `r2b token create` (and by the demo loader), shown once, stored hashed;
// listed and revoked by an admin (`r2b token list|revoke`, /api/v1/tokens). A revoked token
// stops working at once, for API calls and for the browser sessions it opened.
import { desc, eq, sql } from 'drizzle-orm';
import { type Db, runAtomic } from '../../db/db.js';
import { apiTokens, patrons, type Role, sessions } from '../../db/schema.js';
import { speaksForDepartment, speaksForPatron } from '../../domain/access.js';
import { ApiError, validationError } from '../../errors.js';
import { findDepartment } from '../departments.js';
import { hashToken, newToken } from './auth.js';
import { type PatronClaims, upsertPatron } from './patrons.js';

export interface TokenRequest {
  role: Role;
  /** the person the token speaks for; required for patrons */
  patron?: PatronClaims;
  /** the department a liaison speaks for */
  departmentCode?: string | null;
  label?: string | null;
}

/** Store a token's hash and return the token itself: the only time it is ever seen. */
export async function createToken(db: Db, request: TokenRequest, now: Date, token = newToken()): Promise<string> {
  if (speaksForPatron(request.role) && !request.patron) {
    throw new Error('a patron token needs a patron (--patron ID)');
  }
  if (speaksForDepartment(request.role) && !request.departmentCode && !request.patron?.departmentCode) {
    throw new Error('a liaison token needs the department it speaks for (--department CODE)');
  }
  const patron = request.patron ? await upsertPatron(db, request.patron, now) : null;
  await db.orm
    .insert(apiTokens)
    .values({
      tokenHash: hashToken(token),
      role: request.role,
      patronId: patron?.id ?? null,
      departmentCode:
        request.departmentCode ?? (speaksForDepartment(request.role) ? patron?.departmentCode : null) ?? null,
      label: request.label ?? null,
      createdAt: now,
    })
    .onConflictDoNothing();
  return token;
}

/** The roles an admin makes tokens for from the API or the pages; patrons' come from the sign-in or the CLI. */
export const STAFF_ROLES = ['selector', 'liaison', 'admin'] as const satisfies readonly Role[];

export interface StaffTokenRequest {
  role: (typeof STAFF_ROLES)[number];
  label: string;
  externalId?: string | undefined;
  department?: string | undefined;
}

/**
 * Make a staff token for an admin: a liaison's for a department that exists. The secret is
 * returned once, with the token as the list shows it.
 */
export async function createStaffToken(
  db: Db,
  request: StaffTokenRequest,
  now: Date,
): Promise<{ token: string; listing: TokenListing }> {
  const department = request.department || null;
  if (speaksForDepartment(request.role) && !department) {
    throw validationError([{ pointer: '/department', detail: 'A liaison token needs the department it speaks for.' }]);
  }
  if (department && !(await findDepartment(db, department))) {
    throw validationError([{ pointer: '/department', detail: `There is no department ${department}.` }]);
  }
  const externalId = request.externalId || null;
  const token = await createToken(
    db,
    {
      role: request.role,
      label: request.label,
      departmentCode: speaksForDepartment(request.role) ? department : null,
      ...(externalId ? { patron: { externalId, displayName: request.label, category: 'staff' as const } } : {}),
    },
    now,
  );
  const row = await selectListings(db)
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .get();
  return { token, listing: listing(row!) };
}

/** A token as an admin sees it: who it speaks for and how it is used, never its secret or hash. */
export interface TokenListing {
  id: number;
  role: Role;
  label: string | null;
  /** the patron it speaks for, by the identity system's id */
  patron: { externalId: string; displayName: string | null } | null;
  departmentCode: string | null;
  createdAt: Date;
  /** to the hour; null when not used since this was recorded */
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const listingColumns = {
  id: apiTokens.id,
  role: apiTokens.role,
  label: apiTokens.label,
  externalId: patrons.externalId,
  displayName: patrons.displayName,
  departmentCode: sql<string | null>`coalesce(${apiTokens.departmentCode}, ${patrons.departmentCode})`,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

interface ListingRow extends Omit<TokenListing, 'patron'> {
  externalId: string | null;
  displayName: string | null;
}

function listing({ externalId, displayName, ...row }: ListingRow): TokenListing {
  return { ...row, patron: externalId === null ? null : { externalId, displayName } };
}

function selectListings(db: Db) {
  return db.orm.select(listingColumns).from(apiTokens).leftJoin(patrons, eq(patrons.id, apiTokens.patronId));
}

/** Every token, newest first, revoked ones included. */
export async function listTokens(db: Db): Promise<TokenListing[]> {
  const rows = await selectListings(db).orderBy(desc(apiTokens.id)).all();
  return rows.map(listing);
}

/**
 * Revoke a token (again is harmless: the first time stands) and end the browser sessions it
 * opened, in one write. Requests already past authentication finish; every later one is refused.
 */
export async function revokeToken(db: Db, id: number, now: Date): Promise<TokenListing> {
  await runAtomic(db, [
    db.orm
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(sql`${apiTokens.id} = ${id} AND ${apiTokens.revokedAt} IS NULL`),
    db.orm.delete(sessions).where(eq(sessions.tokenId, id)),
  ]);
  const row = await selectListings(db).where(eq(apiTokens.id, id)).get();
  if (!row) throw new ApiError('not-found', `There is no token ${id}.`);
  return listing(row);
}
