import { readFileSync } from 'node:fs';
import ISBN from 'isbn3';
import { describe, expect, it } from 'vitest';
import { extractIsbn13s, parseIsbn } from '../../src/domain/isbn.js';

// inventaire/isbn3's own test vectors plus ISBN strings as found in real MARC 020 fields and
// the Seattle Public Library's export (see fixtures/README.md).
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/isbn/isbn_vectors.json', import.meta.url), 'utf8'));

describe('an ISBN as a patron or a catalogue gives it', () => {
  it.each(vectors.isbn3_tests.valid as string[])('accepts the valid ISBN %s', (raw) => {
    const parsed = parseIsbn(raw);
    expect(parsed.ok).toBe(true);
  });

  it.each((vectors.isbn3_tests.invalid as string[]).map((v) => [v]))('refuses %j', (raw) => {
    expect(parseIsbn(raw).ok).toBe(false);
  });

  it.each(Object.entries(vectors.isbn3_tests.to_isbn13 as Record<string, string>))(
    'stores ISBN-10 %s as its ISBN-13 %s',
    (isbn10, isbn13) => {
      expect(parseIsbn(isbn10)).toMatchObject({ ok: true, isbn13 });
    },
  );

  it('meets the ISBN-10 and ISBN-13 of one book on the same ISBN-13', () => {
    const a = parseIsbn('0-596-00759-0');
    const b = parseIsbn('978-0-596-00759-1');
    expect(a.ok && b.ok && a.isbn13 === b.isbn13).toBe(true);
  });

  const realWorld = vectors.real_world as { raw: string; extracted: string; checksum_valid: boolean; source: string }[];

  const isIsbnShaped = (v: { extracted: string }) => v.extracted.length === 10 || /^97[89]/.test(v.extracted);

  it.each(realWorld.filter((v) => v.checksum_valid && isIsbnShaped(v)).map((v) => [v.raw, v.extracted, v.source]))(
    'reads %j (%s, from %s)',
    (raw, extracted) => {
      const parsed = parseIsbn(raw);
      expect(parsed.ok).toBe(true);
      // isbn3 converts only ISBNs in ranges it knows; those it knows must agree with us.
      const expected = ISBN.asIsbn13(extracted);
      if (expected && parsed.ok) expect(parsed.isbn13).toBe(expected);
    },
  );

  it('accepts a check-digit-valid ISBN from a range newer than isbn3 knows, unhyphenated', () => {
    expect(parseIsbn('9786610635764')).toMatchObject({
      ok: true,
      isbn13: '9786610635764',
      hyphenated: '9786610635764',
    });
  });

  it('refuses an X before the end, proposing the ISBN-10 in front of it', () => {
    expect(parseIsbn('089542262X295')).toMatchObject({
      ok: false,
      reason: 'not-an-isbn',
      candidates: ['9780895422620'],
    });
  });

  it('reads the MARC strings the catalogue leaves around ISBNs', () => {
    expect(parseIsbn('0440487331pbk.')).toMatchObject({ ok: true, isbn13: '9780440487333' });
    expect(parseIsbn('(0373197527pbk.) :')).toMatchObject({ ok: true, isbn13: '9780373197521' });
    expect(parseIsbn('ISBN 978-0-13-235088-4')).toMatchObject({ ok: true, isbn13: '9780132350884' });
  });

  it('refuses every checksum-invalid real-world string', () => {
    const refused = realWorld.filter((r) => (!r.checksum_valid || !isIsbnShaped(r)) && r.raw !== '(0373197527pbk.) :');
    expect(refused.length).toBeGreaterThan(5);
    for (const v of refused) {
      expect(parseIsbn(v.raw).ok, v.raw).toBe(false);
    }
  });

  it('proposes the ISBN a lost leading zero hides', () => {
    expect(parseIsbn('823418073')).toMatchObject({ ok: false, reason: 'checksum', candidates: ['9780823418077'] });
  });

  it.each(
    Object.entries(vectors.isbn3_tests.audit_clues as Record<string, string>).filter(([, clue]) =>
      /candidate/.test(clue),
    ),
  )('explains %s with the likely intended ISBN (%s)', (raw, clue) => {
    const candidate = /candidate (\d{13})/.exec(clue)![1]!;
    const parsed = parseIsbn(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.candidates).toContain(candidate);
  });

  it('offers the right check digit for a mistyped ISBN-10, first', () => {
    // 0-262-03384-4 and 0-13-110362-8, with the wrong last digit
    expect(parseIsbn('0262033845')).toMatchObject({ ok: false, reason: 'checksum', candidates: ['9780262033848'] });
    expect(parseIsbn('0-13-110362-9')).toMatchObject({ ok: false, reason: 'checksum' });
    expect((parseIsbn('0-13-110362-9') as { candidates: string[] }).candidates[0]).toBe('9780131103627');
  });

  it('offers the ISBN two swapped neighbouring digits hide, ISBN-10 and ISBN-13 alike', () => {
    // 0-596-00759-0 and 978-0-13-235088-4 with two digits swapped as they were typed
    expect((parseIsbn('0596070590') as { candidates: string[] }).candidates).toContain('9780596007591');
    expect((parseIsbn('9780132358084') as { candidates: string[] }).candidates).toContain('9780132350884');
  });

  it('offers only ISBNs in ranges the agency has assigned', () => {
    for (const raw of ['0-13-110362-9', '0596070590', '9780132358084', '978-1-78168-213-4']) {
      const parsed = parseIsbn(raw);
      expect(parsed.ok).toBe(false);
      for (const candidate of (parsed as { candidates: string[] }).candidates) {
        expect(ISBN.parse(candidate), candidate).not.toBeNull();
      }
    }
  });

  it('says a 978/979-less EAN barcode is not an ISBN, even when its check digit is right', () => {
    expect(parseIsbn('4036526651248')).toMatchObject({ ok: false, reason: 'not-isbn-ean' });
  });

  it('says what is wrong with text that holds no ISBN', () => {
    expect(parseIsbn('HL00361126 :')).toMatchObject({ ok: false, reason: 'not-an-isbn' });
    expect(parseIsbn('   ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseIsbn('12345')).toMatchObject({ ok: false, reason: 'not-an-isbn' });
  });

  it('finds every ISBN in a list such as "0062484877, 9780062484871", once', () => {
    expect(extractIsbn13s('0062484877, 9780062484871')).toEqual(['9780062484871']);
    expect(extractIsbn13s('no isbn here')).toEqual([]);
  });
});
