// What the security tests share: how many inputs each property is given (R2B_LONG=1 for many
// more), what a problem+json must look like, a browser's cookie jar for the pages, and text in
// every script with markup and control characters in it.
import fc from 'fast-check';
import { expect } from 'vitest';

/** R2B_LONG=1 runs every property on many more generated inputs. */
export const LONG = process.env.R2B_LONG === '1';

// Security tests send hundreds of requests in the same harness minute: the per-patron limits
// and the rate limits (tested on their own in tests/api) would answer most of them with 429.
export const NO_LIMITS = {
  SUGGEST_MAX_OPEN: '0',
  SUGGEST_MAX_RECENT: '0',
  RATE_LIMIT_INTAKE_PER_MINUTE: '0',
  RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
};

/** fast-check parameters: `quick` inputs in `npm test`, `long` with R2B_LONG=1. */
export function runs(quick: number, long = quick * 25): { numRuns: number } {
  return { numRuns: LONG ? long : quick };
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { pointer: string; parameter?: string; detail: string }[];
  [extension: string]: unknown;
}

/**
 * An RFC 9457 problem that says what went wrong: the right status, a type and title, a detail
 * in words and, for invalid fields, each field (a JSON Pointer, or the parameter's name) with
 * what is wrong with it.
 */
export async function expectProblem(response: Response, statuses: number | number[]): Promise<Problem> {
  const allowed = [statuses].flat();
  const text = await response.text();
  expect(allowed, `status ${response.status}: ${text.slice(0, 500)}`).toContain(response.status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as Problem;
  expect(body.status).toBe(response.status);
  expect(body.type).toMatch(/\/problems\/[a-z-]+$/);
  expect(body.title).toEqual(expect.any(String));
  expect(body.detail.trim()).not.toBe('');
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
  if (body.status === 422) {
    expect(body.errors?.length, text).toBeGreaterThan(0);
    for (const error of body.errors!) {
      expect(error.detail.trim()).not.toBe('');
      // A field in the body, or a query or path parameter by name.
      if (error.pointer === '') expect(error.parameter ?? 'the file').not.toBe('');
      else expect(error.pointer).toMatch(/^\//);
    }
  }
  return body;
}

export { type Visitor, visitor } from '../support/visitor.js';

/** Text as the pages must show it: the five characters HTML gives meaning to, as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Pieces people and programs really put in titles and reasons, and those that break things. */
export const HOSTILE_PIECES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE suggestions; --",
  '</textarea><b>bold</b>',
  '&amp; &lt; &#x3C; &',
  '${7*7} {{7*7}}',
  '=HYPERLINK("http://evil.example")',
  '\u0000',
  '\u0007\u0008',
  '\u001b[31m',
  '\t',
  '\r\n',
  '\n',
  '\u0085',
  '\u2028\u2029',
  '\u200e',
  '\u200f',
  '\u202e',
  '\u2066\u2069',
  '\ufeff',
  '\u200b\u200d',
  'e\u0301',
  'a\u0308\u0323',
  'Z\u0351\u0307\u0302\u0310',
  '荐购图书',
  '圖書館藏',
  '図書館の本',
  '도서관',
  'مكتبة الجامعة',
  'ספרייה',
  'पुस्तकालय',
  'ห้องสมุด',
  'Библиотека',
  'Βιβλιοθήκη',
  'ግዕዝ',
  'ᚠᛇᚻ',
  '📚',
  '👩🏽‍🔬',
  '🇨🇳🇹🇼',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u{10FFFD}',
];

/** Any Unicode scalar value: every script, every symbol, every control character. */
export const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

/** Text of hostile pieces, random characters of any script and plain words, mixed. */
export const hostileText = (maxPieces = 8) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...HOSTILE_PIECES),
        fc.string({ unit: anyCodePoint, maxLength: 12 }),
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.constantFrom('book', 'Library', 'of', 'the', ' ', ': ', ', '),
      ),
      { minLength: 1, maxLength: maxPieces },
    )
    .map((parts) => parts.join(''));
