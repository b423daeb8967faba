// MARC records as catalogues export them: ISO 2709 ("binary") and MARCXML, in MARC21 or in
// UNIMARC (CNMARC, China's national format, is UNIMARC). marcjs parses each ISO 2709 record's
// directory and fields. marcjs's own MARCXML reader assumes one attribute order and no
// namespace prefix, which real files (marc:record, ind1 before tag) break, so MARCXML goes
// through saxes, a conforming streaming XML parser, instead.
//
// Which flavour: what a record's fields mean depends on it (200 is the title in UNIMARC, 245
// in MARC21), and ISO 2709 does not say. The importer may be told; otherwise the first record
// that shows it decides for the file: a title in 200 and none in 245 is UNIMARC, a 245 is
// MARC21. CNMARC-XML's own namespace (http://www.nlc.cn/) and UNIMARC-XML's say it too; the
// MARC21-slim namespace does not, as Koha and others use it for UNIMARC as well.
//
// Which text encoding: a MARC21 leader says it at position 9 ('a' UTF-8, blank MARC-8, which
// marc8 turns into Unicode); UNIMARC's leader does not, and CNMARC is UTF-8 or, from older
// Chinese systems, GB18030 (GBK). The leader is often wrong: a record converted to MARC-8
// whose leader still says UTF-8, or the reverse. MARC-8 with a byte above 127 is almost never
// valid UTF-8 (its diacritics come before the letter, as bytes UTF-8 cannot start or follow
// with), so the bytes decide: a record is read in the encoding its bytes are valid in, with a
// note when that is not what its leader says, and refused when it is valid in none. Nothing is
// ever stored with U+FFFD, the replacement character that would hide the damage.
import marcjs from 'marcjs';
import marc8 from 'marc8';
import { SaxesParser, type SaxesTagNS } from 'saxes';

export const FLAVOURS = ['marc21', 'unimarc'] as const;
export type Flavour = (typeof FLAVOURS)[number];

export interface MarcRecord {
  leader: string;
  /** [tag, value] for control fields; [tag, indicators, code, value, code, value, ...] otherwise */
  fields: string[][];
  flavour: Flavour;
}

/** A record read in another encoding than its leader says, for the import's summary. */
export type Misread = 'marc8-said-utf8' | 'utf8-said-marc8' | 'gb18030';

export type MarcRead =
  { ok: true; record: MarcRecord; number: number; misread?: Misread } | { ok: false; error: string; number: number };

export interface MarcOptions {
  /** the flavour every record is read in; recognised from the records otherwise */
  flavour?: Flavour | undefined;
}

/** What the summary says of the records of a file read in another encoding than they say. */
export function misreadNote(misread: Misread, count: number, first: number): string {
  const records = count === 1 ? `record ${first}` : `${count.toLocaleString('en-US')} records (the first is ${first})`;
  switch (misread) {
    case 'marc8-said-utf8':
      return `${records}: the leader says UTF-8 (position 9 is "a") but the text is MARC-8; read as MARC-8`;
    case 'utf8-said-marc8':
      return `${records}: the leader says MARC-8 (position 9 is blank) but the text is UTF-8; read as UTF-8`;
    case 'gb18030':
      return `${records}: UNIMARC not in UTF-8; read as GB18030 (GBK), as older Chinese systems write it`;
  }
}

/** The flavour of each record of one file: as told, else as the first record that shows one. */
class FileFlavour {
  private known: Flavour | null;
  constructor(private readonly forced: Flavour | undefined) {
    this.known = forced ?? null;
  }

  /** `shown` is what the record's XML namespace says, if anything */
  of(tags: string[], shown?: Flavour): Flavour {
    if (this.forced) return this.forced;
    this.known ??= shown ?? (tags.includes('245') ? 'marc21' : tags.includes('200') ? 'unimarc' : null);
    return this.known ?? 'marc21';
  }
}

const RECORD_TERMINATOR = 0x1d;
// The leader's five-digit length caps a record at 99,999 bytes; past that we have lost sync.
const MAX_RECORD_BYTES = 100_000;

/** Records from an ISO 2709 stream, one by one, numbered from 1. A broken record is reported and skipped. */
export async function* readIso2709(source: AsyncIterable<Buffer>, options: MarcOptions = {}): AsyncGenerator<MarcRead> {
  const flavours = new FileFlavour(options.flavour);
  let pending: Buffer = Buffer.alloc(0);
  let number = 0;
  for await (const chunk of source) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (
      let end = pending.indexOf(RECORD_TERMINATOR, start);
      end >= 0;
      end = pending.indexOf(RECORD_TERMINATOR, start)
    ) {
      number++;
      yield parseIso2709(pending.subarray(start, end + 1), number, flavours);
      start = end + 1;
    }
    pending = pending.subarray(start);
    if (pending.length > MAX_RECORD_BYTES) {
      number++;
      yield { ok: false, error: 'no record terminator within 100,000 bytes: this is not MARC', number };
      return;
    }
  }
  // Text after the last terminator is usually a trailing newline; anything more is a cut record.
  if (pending.toString('latin1').trim().length > 0) {
    yield { ok: false, error: 'the file ends in the middle of a record', number: number + 1 };
  }
}

function parseIso2709(raw: Buffer, number: number, flavours: FileFlavour): MarcRead {
  const leader = raw.toString('latin1', 0, 24);
  if (raw.length < 26 || !/^\d{5}/.test(leader) || !/^\d{5}$/.test(leader.slice(12, 17))) {
    return { ok: false, error: 'the leader is not a MARC leader', number };
  }
  let parsed: { leader: string; fields: string[][] };
  try {
    // The directory counts bytes: fields are cut out byte for byte (latin1) and decoded after,
    // once the flavour and the encoding are known.
    parsed = marcjs.Iso2709Parser.parse({ toString: (_e, a, b) => raw.toString('latin1', a, b) });
  } catch (error) {
    return { ok: false, error: `the record cannot be parsed: ${(error as Error).message}`, number };
  }
  if (parsed.fields.some((f) => !/^[0-9A-Za-z]{3}$/.test(f[0] ?? ''))) {
    return { ok: false, error: 'the directory is damaged (a tag is not three characters)', number };
  }
  const flavour = flavours.of(parsed.fields.map((f) => f[0]!));
  const text = recordText(raw, parsed, flavour);
  if ('error' in text) return { ok: false, error: text.error, number };
  const record = { leader: parsed.leader, fields: text.fields, flavour };
  const damaged = replaced(record);
  if (damaged) return { ok: false, error: damaged, number };
  return { ok: true, record, number, ...(text.misread ? { misread: text.misread } : {}) };
}

type Decoder = InstanceType<typeof TextDecoder>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const strictGb18030 = new TextDecoder('gb18030', { fatal: true });

function validIn(decoder: Decoder, bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

type Decode = (bytes: string) => string;

// MARC21 stores accented letters decomposed (a base letter and a combining mark); we store
// them composed (NFC), as people type them, so "Köln" in a record matches "Köln" in a search.
const fromUtf8: Decode = (bytes) => Buffer.from(bytes, 'latin1').toString('utf8').normalize('NFC');
const fromGb18030: Decode = (bytes) => strictGb18030.decode(Buffer.from(bytes, 'latin1')).normalize('NFC');
// Without 'replace', marc8 throws on a byte that is not MARC-8 instead of writing U+FFFD.
const fromMarc8: Decode = (bytes) => marc8(bytes, { normalization: 'NFC' });

const NOT_STORED = 'refused rather than stored with broken characters';

function recordText(
  raw: Buffer,
  parsed: { leader: string; fields: string[][] },
  flavour: Flavour,
): { fields: string[][]; misread?: Misread } | { error: string } {
  // Plain ASCII (no byte above 127, no escape into another MARC-8 character set) reads the same in all.
  if (!raw.some((b) => b >= 0x80 || b === 0x1b)) return { fields: parsed.fields };
  const utf8 = validIn(strictUtf8, raw);
  const decoded = (decode: Decode, misread?: Misread) => {
    try {
      return { fields: parsed.fields.map((f) => mapValues(f, decode)), ...(misread ? { misread } : {}) };
    } catch {
      return null;
    }
  };
  if (flavour === 'unimarc') {
    if (utf8) return decoded(fromUtf8)!;
    if (validIn(strictGb18030, raw)) return decoded(fromGb18030, 'gb18030')!;
    return { error: `the text is neither UTF-8 nor GB18030: ${NOT_STORED}` };
  }
  if (parsed.leader[9] === 'a') {
    if (utf8) return decoded(fromUtf8)!;
    return (
      decoded(fromMarc8, 'marc8-said-utf8') ?? {
        error: `the leader says UTF-8 (position 9 is "a") but the text is neither UTF-8 nor MARC-8: ${NOT_STORED}`,
      }
    );
  }
  if (utf8 && raw.some((b) => b >= 0x80)) return decoded(fromUtf8, 'utf8-said-marc8')!;
  return decoded(fromMarc8) ?? { error: `the text is neither MARC-8 (as the leader says) nor UTF-8: ${NOT_STORED}` };
}

function mapValues(field: string[], change: (value: string) => string): string[] {
  const isControl = field.length === 2;
  return field.map((part, i) => ((isControl ? i === 1 : i >= 3 && i % 2 === 1) ? change(part) : part));
}

/** Why a record is refused when its text already holds U+FFFD: it was damaged before it was exported. */
function replaced(record: MarcRecord): string | null {
  const field = record.fields.find((f) => f.some((part) => part.includes('\uFFFD')));
  return field
    ? `field ${field[0]} holds U+FFFD, the replacement character: the text was damaged before it was exported, and is ${NOT_STORED}`
    : null;
}

// MARCXML is four elements deep (collection, record, datafield, subfield), five with the root
// readMarcXml adds. A file nested far deeper is not MARCXML, and tens of thousands of levels
// cost the XML parser time for every element: it is refused at the first element too deep.
// An SRU response wraps each record in four more (searchRetrieveResponse, records, record,
// recordData), and stays well inside the limit.
const MAX_XML_DEPTH = 16;

class TooDeep extends Error {}

// SRU 1.x and 2.0 responses call their own wrapper around each MARC record <record> as well.
const SRU_NAMESPACES = new Set(['http://www.loc.gov/zing/srw/', 'http://docs.oasis-open.org/ns/search-ws/sruResponse']);

/** The namespaces that say a record is UNIMARC: CNMARC-XML's and the UNIMARC-XML schema's. */
function flavourOfNamespace(uri: string): Flavour | undefined {
  return uri === 'http://www.nlc.cn/' || uri.startsWith('info:srw/schema/8/unimarcxml') ? 'unimarc' : undefined;
}

/**
 * The encoding an XML file is written in: its byte-order mark, else its declaration
 * (`<?xml version="1.0" encoding="GBK"?>`), else UTF-8, as XML has it.
 */
function xmlEncoding(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declared = /^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    head.toString('latin1', 0, 200),
  )?.[1];
  return declared ?? 'utf-8';
}

/** Records from a MARCXML stream (namespaced or not, bare or in a collection or an SRU response), numbered from 1. */
export async function* readMarcXml(source: AsyncIterable<Buffer>, options: MarcOptions = {}): AsyncGenerator<MarcRead> {
  const flavours = new FileFlavour(options.flavour);
  const parser = new SaxesParser({ xmlns: true });
  const ready: MarcRead[] = [];
  let number = 0;
  let record: (Omit<MarcRecord, 'flavour'> & { shown: Flavour | undefined }) | null = null;
  let field: string[] | null = null;
  let text = '';
  let inLeader = false;
  let depth = 0;

  parser.on('opentag', (tag: SaxesTagNS) => {
    if (++depth > MAX_XML_DEPTH) throw new TooDeep();
    const attr = (name: string) => tag.attributes[name]?.value ?? '';
    switch (tag.local) {
      case 'record':
        if (!SRU_NAMESPACES.has(tag.uri)) record = { leader: '', fields: [], shown: flavourOfNamespace(tag.uri) };
        break;
      case 'leader':
        inLeader = true;
        text = '';
        break;
      case 'controlfield':
        field = [attr('tag')];
        text = '';
        break;
      case 'datafield':
        field = [attr('tag'), `${attr('ind1') || ' '}${attr('ind2') || ' '}`];
        break;
      case 'subfield':
        field?.push(attr('code'));
        text = '';
        break;
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    depth--;
    switch (tag.local) {
      case 'leader':
        if (record) record.leader = text;
        inLeader = false;
        break;
      case 'controlfield':
        if (field && record) {
          field.push(text.normalize('NFC'));
          record.fields.push(field);
        }
        field = null;
        break;
      case 'subfield':
        field?.push(text.normalize('NFC'));
        break;
      case 'datafield':
        if (field && record) record.fields.push(field);
        field = null;
        break;
      case 'record':
        if (record && !SRU_NAMESPACES.has(tag.uri)) {
          number++;
          const { shown, ...rest } = record;
          const read = {
            ...rest,
            flavour: flavours.of(
              rest.fields.map((f) => f[0]!),
              shown,
            ),
          };
          const damaged = replaced(read);
          ready.push(damaged ? { ok: false, error: damaged, number } : { ok: true, record: read, number });
        }
        record = null;
        break;
    }
    text = inLeader ? text : '';
  });

  let encoding = 'utf-8';
  try {
    // Some exports are a bare run of <record> elements with no <collection> around them. A
    // root of our own around whatever the file has makes both shapes one well-formed document;
    // the file's XML declaration, if any, must stay in front of it.
    let decoder: Decoder | null = null;
    for await (const chunk of source) {
      let text: string;
      if (!decoder) {
        encoding = xmlEncoding(chunk);
        try {
          decoder = new TextDecoder(encoding, { fatal: true });
        } catch {
          throw new NoSuchEncoding(encoding);
        }
        text = decodeChunk(decoder, encoding, chunk);
        const declaration = /^\uFEFF?\s*(<\?xml[^?]*\?>)?/.exec(text)![0];
        text = `${declaration.replace(/^\uFEFF/, '')}<r2b-file>${text.slice(declaration.length)}`;
      } else {
        text = decodeChunk(decoder, encoding, chunk);
      }
      parser.write(text);
      yield* ready.splice(0);
    }
    parser.write(`${decoder?.decode() ?? ''}</r2b-file>`);
    parser.close();
    yield* ready.splice(0);
  } catch (error) {
    // The records before the first byte that does not decode are whole, and kept.
    if (error instanceof Undecodable) {
      try {
        parser.write(error.before);
      } catch {
        // the encoding is what is wrong with the file, and what is reported
      }
    }
    yield* ready.splice(0);
    yield { ok: false, error: xmlFailure(error, parser.line, encoding), number: number + 1 };
  }
}

class NoSuchEncoding extends Error {}

/** A chunk with a byte that is not in the file's encoding: the text before it. */
class Undecodable extends Error {
  constructor(readonly before: string) {
    super('undecodable');
  }
}

function decodeChunk(decoder: Decoder, encoding: string, chunk: Buffer): string {
  try {
    return decoder.decode(chunk, { stream: true });
  } catch {
    const lenient = new TextDecoder(encoding).decode(chunk);
    throw new Undecodable(lenient.slice(0, lenient.indexOf('\uFFFD')));
  }
}

function xmlFailure(error: unknown, line: number, encoding: string): string {
  if (error instanceof TooDeep)
    return `the XML nests elements more than ${MAX_XML_DEPTH - 1} deep at line ${line}, where MARCXML needs four (collection, record, datafield, subfield): this is not a MARCXML file`;
  if (error instanceof NoSuchEncoding) return `the XML says it is in encoding "${encoding}", which cannot be read`;
  if (error instanceof Undecodable)
    return `the file is not valid ${encoding} at line ${line}: the rest is ${NOT_STORED}`;
  return `the XML is broken near line ${line}: ${(error as Error).message}`;
}

export type MarcFormat = 'iso2709' | 'marcxml' | 'csv';

/** What a holdings file is, from its first bytes: XML starts with '<', ISO 2709 with a length. */
export function sniffFormat(head: Buffer): MarcFormat {
  const text = head
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  if (text.startsWith('<')) return 'marcxml';
  if (/^\d{5}[a-z ]{3}/.test(text) && head.includes(RECORD_TERMINATOR)) return 'iso2709';
  return 'csv';
}

/** The values of subfield `code` in every `tag` field. */
export function subfields(record: MarcRecord, tag: string, code: string): string[] {
  const out: string[] = [];
  for (const field of record.fields) {
    if (field[0] !== tag || field.length < 3) continue;
    for (let i = 2; i + 1 < field.length; i += 2) if (field[i] === code) out.push(field[i + 1]!);
  }
  return out;
}

/** The fields with this tag. */
export function fieldsTagged(record: MarcRecord, tag: string): string[][] {
  return record.fields.filter((f) => f[0] === tag);
}

/** The first value of subfield `code` in one field. */
export function subfield(field: string[], code: string): string | undefined {
  for (let i = 2; i + 1 < field.length; i += 2) if (field[i] === code) return field[i + 1];
  return undefined;
}

/** The value of control field `tag` (001, 003, ...). */
export function controlField(record: MarcRecord, tag: string): string | undefined {
  return record.fields.find((f) => f[0] === tag && f.length === 2)?.[1];
}
