// Status events POSTed to the library's (and a patron's) webhook as JSON, signed so the
// receiver knows they came from us and were not replayed:
//   X-R2B-Timestamp: seconds since 1970
//   X-R2B-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with WEBHOOK_SECRET>
// Web Crypto, so the same code signs on Node and on Workers.
import type { Fetch } from '../../context.js';

export async function sign(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${body}`));
  return `v1=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function postWebhook(
  fetch: Fetch,
  url: string,
  secret: string,
  event: { id: string },
  now: Date,
): Promise<void> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(now.getTime() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'recommend-to-buy webhooks',
      'x-r2b-event-id': event.id,
      'x-r2b-timestamp': String(timestamp),
      'x-r2b-signature': await sign(secret, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`webhook ${new URL(url).host} answered HTTP ${response.status}`);
}
