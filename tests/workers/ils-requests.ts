// What the ILS connector tests on Workers share: a requester and a selector seeded into D1 with
// their API tokens, requests to the local Worker as them, and the approved title each test
// follows into the ILS.
import { expect } from 'vitest';
import type { LocalWorker } from './wrangler.js';

export const SELECTOR = 'r2b_worker_ils_selector';
export const ANA = 'r2b_worker_ils_patron_ana';

const sha256 = async (text: string) =>
  Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');

/** Ana (card number "ana"), a graduate student, and a selector, with their tokens. */
export async function seed(): Promise<string> {
  const now = Date.now();
  return `INSERT INTO patrons (id, external_id, email, category, locale, created_at, updated_at)
            VALUES (1, 'ana', 'ana@example.edu', 'graduate', 'en', ${now}, ${now});
          INSERT INTO api_tokens (token_hash, role, patron_id, label, created_at) VALUES
            ('${await sha256(SELECTOR)}', 'selector', NULL, 'a selector', ${now}),
            ('${await sha256(ANA)}', 'patron', 1, 'ana', ${now});`;
}

export function caller(worker: () => LocalWorker) {
  return async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${worker().url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, json: (await response.json()) as any };
  };
}

/** Ana asks for a book with a hold, a selector approves it: the title the connector takes up. */
export async function approvedTitle(call: ReturnType<typeof caller>): Promise<number> {
  const suggested = await call('POST', '/api/v1/suggestions', ANA, { isbn: '0132350882', wantsHold: true });
  expect(suggested.status).toBe(201);
  const id = suggested.json.title.id as number;
  expect((await call('POST', `/api/v1/titles/${id}/status`, SELECTOR, { status: 'approved' })).status).toBe(200);
  return id;
}
