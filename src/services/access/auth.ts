// Who is asking. Staff and systems carry API tokens made by `r2b token create` (stored as
// SHA-256 hashes, compared in constant time); patrons may instead carry a JWT signed by the
// library's identity provider, whose claims say who they are.
import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Config } from '../../config.js';
import type { Authenticator, Clock, PatronIdentity, Principal } from '../../context.js';
import type { Db, Orm } from '../../db/db.js';
import { prepared } from '../../db/prepared.js';
import { apiTokens, PATRON_CATEGORIES, patrons, type PatronCategory, type Role } from '../../db/schema.js';
import { toLocale } from '../../domain/locale.js';
import { isMailbox } from '../../domain/mailbox.js';
import { ApiError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { findPatronById, patronIdentityColumns, upsertPatron } from './patrons.js';

const TOKEN_PREFIX = 'r2b_';

/** A fresh bearer token: 256 random bits, URL-safe, recognisable by its prefix in logs and leaks. */
export function newToken(): string {
  return TOKEN_PREFIX + randomSecret();
}

/** 256 random bits, URL-safe: session cookies and CSRF tokens. */
export function randomSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** SHA-256, hex. node:crypto's hash (Workers have it under nodejs_compat) rather than WebCrypto's:
 *  every authenticated request hashes its token, and the asynchronous digest's round trip to
 *  the thread pool cost more than the hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compare two strings without an early exit, so timing says nothing about how much matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return diff === 0;
}

type TokenRow = typeof apiTokens.$inferSelect;
interface TokenWithPatron {
  token: TokenRow;
  patron: PatronIdentity | null;
}

export function createAuthenticator(db: Db, config: Config, clock: Clock, logger: Logger): Authenticator {
  const verifyJwt = jwtVerifier(config);

  // A token and the patron it speaks for, in one read: every authenticated request makes it.
  const tokensWithPatrons = (orm: Orm) =>
    orm
      .select({ token: apiTokens, patron: patronIdentityColumns })
      .from(apiTokens)
      .leftJoin(patrons, eq(patrons.id, apiTokens.patronId));

  async function tokenRow(token: string): Promise<TokenWithPatron> {
    const hash = hashToken(token);
    const found = await prepared(db, 'token-by-hash', (orm) =>
      tokensWithPatrons(orm)
        .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
        .prepare(),
    ).get({ hash });
    if (!found || !constantTimeEqual(found.token.tokenHash, hash)) {
      throw new ApiError('unauthenticated', 'The bearer token is not valid, or has been revoked.');
    }
    await noteUse(found.token);
    return found;
  }

  // For an admin deciding what to revoke, to the hour: one write an hour per token, not one a request.
  async function noteUse(row: TokenRow): Promise<void> {
    const now = clock();
    if (row.lastUsedAt && now.getTime() - row.lastUsedAt.getTime() < 3_600_000) return;
    await db.orm.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }

  function tokenPrincipal({ token: row, patron }: TokenWithPatron): Principal {
    return {
      role: row.role,
      patron,
      departmentCode: row.departmentCode ?? patron?.departmentCode ?? null,
      actor: `token:${row.id}`,
    };
  }

  const byToken = async (token: string) => tokenPrincipal(await tokenRow(token));

  async function byJwt(jwt: string, nonce?: string): Promise<Principal> {
    if (!verifyJwt) throw new ApiError('unauthenticated', 'The bearer token is not valid, or has been revoked.');
    let claims: JWTPayload;
    try {
      claims = await verifyJwt(jwt);
    } catch (error) {
      throw new ApiError('unauthenticated', `The identity token was refused: ${(error as Error).message}`);
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw new ApiError('unauthenticated', 'The identity token has no subject (sub) claim.');
    }
    if (nonce !== undefined && !(typeof claims['nonce'] === 'string' && constantTimeEqual(claims['nonce'], nonce))) {
      throw new ApiError('unauthenticated', 'The identity token was not issued for this sign-in (its nonce differs).');
    }
    const patron = await upsertPatron(
      db,
      {
        externalId: claims.sub,
        email: emailClaim(claims, logger),
        displayName: stringClaim(claims, 'name'),
        departmentCode: stringClaim(claims, 'department'),
        category: categoryClaim(config, stringClaim(claims, 'category')),
        locale: localeClaim(stringClaim(claims, 'locale')),
      },
      clock(),
    );
    return patronPrincipal(patron);
  }

  // The identity provider vouches for patrons only; staff powers come from API tokens.
  const patronPrincipal = (patron: PatronIdentity): Principal => ({
    role: 'patron',
    patron,
    departmentCode: patron.departmentCode,
    actor: `patron:${patron.id}`,
  });

  return {
    async authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) {
        throw new ApiError(
          'unauthenticated',
          authorization ? 'Use "Authorization: Bearer <token>".' : 'This needs "Authorization: Bearer <token>".',
          {},
          { 'www-authenticate': 'Bearer realm="recommend-to-buy"' },
        );
      }
      const credential = match[1]!;
      return credential.startsWith(TOKEN_PREFIX) ? byToken(credential) : byJwt(credential);
    },
    async signInWithToken(token) {
      if (!token.startsWith(TOKEN_PREFIX)) {
        throw new ApiError('unauthenticated', 'Access tokens begin with r2b_; patrons sign in with the library.');
      }
      const found = await tokenRow(token);
      return { principal: tokenPrincipal(found), tokenId: found.token.id };
    },
    async signInWithIdToken(jwt, nonce) {
      // An API token is never an ID token, whatever field it is posted in.
      if (jwt.startsWith(TOKEN_PREFIX))
        throw new ApiError('unauthenticated', 'An ID token is a JWT, not an API token.');
      return byJwt(jwt, nonce);
    },
    async sessionPrincipal(session) {
      if (session.tokenId !== null) {
        const found = await tokensWithPatrons(db.orm)
          .where(and(eq(apiTokens.id, session.tokenId), isNull(apiTokens.revokedAt)))
          .get();
        if (!found) return null;
        await noteUse(found.token);
        return tokenPrincipal(found);
      }
      const patron = session.patronId === null ? undefined : await findPatronById(db, session.patronId);
      return patron ? patronPrincipal(patron) : null;
    },
  };
}

function jwtVerifier(config: Config): ((jwt: string) => Promise<JWTPayload>) | null {
  const options = {
    issuer: config.AUTH_JWT_ISSUER,
    audience: config.AUTH_JWT_AUDIENCE,
    // A token without an expiry would be a password for ever; one issued long ago (iat) is
    // refused whatever its exp says. OpenID Connect ID tokens always carry both.
    requiredClaims: ['exp', 'iat'],
    maxTokenAge: config.AUTH_JWT_MAX_AGE_SECONDS,
    // The identity provider's clock and ours may differ by a few seconds.
    clockTolerance: 30,
  };
  if (config.AUTH_JWKS_URL) {
    const keys = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    return async (jwt) => (await jwtVerify(jwt, keys, options)).payload;
  }
  if (config.AUTH_JWT_SECRET) {
    const secret = new TextEncoder().encode(config.AUTH_JWT_SECRET);
    return async (jwt) =>
      (await jwtVerify(jwt, secret, { ...options, algorithms: ['HS256', 'HS384', 'HS512'] })).payload;
  }
  return null;
}

function stringClaim(claims: JWTPayload, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * The patron's address, if it is one: a list ("a@x.edu, b@y.org") or a line break would choose
 * other recipients. Anything else is ignored (the patron is signed in; an address already on
 * record stays), and said in the log for whoever runs the identity provider.
 */
function emailClaim(claims: JWTPayload, logger: Logger): string | null {
  const email = stringClaim(claims, 'email');
  if (email === null || isMailbox(email)) return email;
  logger.warn('identity token email claim ignored: not one email address');
  return null;
}

function categoryClaim(config: Config, value: string | null): PatronCategory | undefined {
  if (!value) return undefined;
  const mapped = config.PATRON_CATEGORY_MAP.get(value) ?? value.toLowerCase();
  return (PATRON_CATEGORIES as readonly string[]).includes(mapped) ? (mapped as PatronCategory) : 'public';
}

function localeClaim(value: string | null): string | undefined {
  return value ? (toLocale(value) ?? 'en') : undefined;
}

export function hasRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.includes(principal.role);
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
