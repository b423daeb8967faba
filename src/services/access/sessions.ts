// Browser sessions for the web pages. The cookie holds a random secret and the database only
// its hash, so neither a copy of the database nor a log line signs anyone in. A session lasts
// twelve hours from sign-in; signing out, or revoking the token it came from, ends it at once.
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Authenticator, BrowserSession, Deps } from '../../context.js';
import { sessions } from '../../db/schema.js';
import { hashToken, randomSecret } from './auth.js';

export const SESSION_HOURS = 12;

export async function startSession(
  deps: Deps,
  who: { tokenId: number | null; patronId: number | null },
): Promise<{ secret: string; expiresAt: Date }> {
  const now = deps.clock();
  const secret = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  // Sign-ins are rare enough to sweep expired sessions on the way.
  await deps.db.orm.delete(sessions).where(lt(sessions.expiresAt, now));
  await deps.db.orm.insert(sessions).values({
    idHash: hashToken(secret),
    tokenId: who.tokenId,
    patronId: who.tokenId === null ? who.patronId : null,
    csrf: randomSecret(),
    createdAt: now,
    expiresAt,
  });
  return { secret, expiresAt };
}

export async function readSession(
  deps: Deps,
  authenticator: Authenticator,
  secret: string,
): Promise<BrowserSession | null> {
  const row = await deps.db.orm
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, hashToken(secret)), gt(sessions.expiresAt, deps.clock())))
    .get();
  if (!row) return null;
  const principal = await authenticator.sessionPrincipal(row);
  return principal ? { principal, csrf: row.csrf } : null;
}

export async function endSession(deps: Deps, secret: string): Promise<void> {
  await deps.db.orm.delete(sessions).where(eq(sessions.idHash, hashToken(secret)));
}
