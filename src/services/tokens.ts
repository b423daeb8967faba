// API tokens: made by `r2b token create` (and by the demo loader), shown once, stored hashed.
import type { Db } from '../db/db.js';
import { apiTokens, type Role } from '../db/schema.js';
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
  if (request.role === 'patron' && !request.patron) {
    throw new Error('a patron token needs a patron (--patron ID)');
  }
  if (request.role === 'liaison' && !request.departmentCode && !request.patron?.departmentCode) {
    throw new Error('a liaison token needs the department it speaks for (--department CODE)');
  }
  const patron = request.patron ? await upsertPatron(db, request.patron, now) : null;
  await db.orm
    .insert(apiTokens)
    .values({
      tokenHash: hashToken(token),
      role: request.role,
      patronId: patron?.id ?? null,
      departmentCode: request.departmentCode ?? (request.role === 'liaison' ? patron?.departmentCode : null) ?? null,
      label: request.label ?? null,
      createdAt: now,
    })
    .onConflictDoNothing();
  return token;
}
