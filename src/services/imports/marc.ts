// MARC records as catalogues export them: ISO 2709 (MARC21 "binary") in MARC-8 or UTF-8, and
// MARCXML. marcjs parses each ISO 2709 record's directory and fields, and marc8 turns MARC-8
// text into Unicode (leader position 9 says which: 'a' is UTF-8, blank is MARC-8). marcjs's
// own MARCXML reader assumes one attribute order and no namespace prefix, which real files
// (marc:record, ind1 before tag) break, so MARCXML goes through saxes, a conforming streaming
// XML parser, instead.
import marcjs from 'marcjs';
import marc8 from 'marc8';
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface MarcRecord {
  leader: string;
  /** [tag, value] for control fields; [tag, indicators, code, value, code, value, ...] otherwise */
  fields: string[][];
}

export type MarcRead = { ok: true; record: MarcRecord; number: number } | { ok: false; error: string; number: number };

const RECORD_TERMINATOR = 0x1d;
// The leader's five-digit length caps a record at 99,999 bytes; past that we have lost sync.
const MAX_RECORD_BYTES = 100_000;

/** Records from an ISO 2709 stream, one by one, numbered from 1. A broken record is reported and skipped. */
export async function* readIso2709(source: AsyncIterable<Buffer>): AsyncGenerator<MarcRead> {
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
      yield parseIso2709(pending.subarray(start, end + 1), number);
      start = end + 1;
    }
    pending = pending.subarray(start);
    if (pending.length > MAX_RECORD_BYTES) {
      number++;
      yield { ok: false, error: 'no record terminator within 100,000 bytes: this is not MARC21', number };
      return;
    }
  }
  // Text after the last terminator is usually a trailing newline; anything more is a cut record.
  if (pending.toString('latin1').trim().length > 0) {
    yield { ok: false, error: 'the file ends in the middle of a record', number: number + 1 };
  }
}

function parseIso2709(raw: Buffer, number: number): MarcRead {
  const leader = raw.toString('latin1', 0, 24);
  if (raw.length < 26 || !/^\d{5}/.test(leader) || !/^\d{5}$/.test(leader.slice(12, 17))) {
    return { ok: false, error: 'the leader is not a MARC21 leader', number };
  }
  const utf8 = leader[9] === 'a';
  try {
    // marcjs reads the record through toString(encoding, start, end); MARC-8 fields are read
    // byte for byte (latin1) and converted value by value, since marc8 drops the delimiters.
    const encoding = utf8 ? 'utf8' : 'latin1';
    const parsed = marcjs.Iso2709Parser.parse({ toString: (_e, a, b) => raw.toString(encoding, a, b) });
    const fields = parsed.fields.map(utf8 ? composed : fromMarc8);
    if (fields.some((f) => !/^[0-9A-Za-z]{3}$/.test(f[0] ?? ''))) {
      return { ok: false, error: 'the directory is damaged (a tag is not three characters)', number };
    }
    return { ok: true, record: { leader: parsed.leader, fields }, number };
  } catch (error) {
    return { ok: false, error: `the record cannot be parsed: ${(error as Error).message}`, number };
  }
}

// MARC21 stores accented letters decomposed (a base letter and a combining mark); we store
// them composed (NFC), as people type them, so "Köln" in a record matches "Köln" in a search.
function fromMarc8(field: string[]): string[] {
  return mapValues(field, (value) => marc8(value, { invalid: 'replace', normalization: 'NFC' }));
}

function composed(field: string[]): string[] {
  return mapValues(field, (value) => value.normalize('NFC'));
}

function mapValues(field: string[], change: (value: string) => string): string[] {
  const isControl = field.length === 2;
  return field.map((part, i) => ((isControl ? i === 1 : i >= 3 && i % 2 === 1) ? change(part) : part));
}

// MARCXML is four elements deep (collection, record, datafield, subfield), five with the root
// readMarcXml adds. A file nested far deeper is not MARCXML, and tens of thousands of levels
// cost the XML parser time for every element: it is refused at the first element too deep.
const MAX_XML_DEPTH = 16;

class TooDeep extends Error {}

/** Records from a MARCXML stream (namespaced or not), numbered from 1. */
export async function* readMarcXml(source: AsyncIterable<Buffer>): AsyncGenerator<MarcRead> {
  const parser = new SaxesParser({ xmlns: true });
  const decoder = new TextDecoder('utf-8');
  const ready: MarcRead[] = [];
  let number = 0;
  let record: MarcRecord | null = null;
  let field: string[] | null = null;
  let text = '';
  let inLeader = false;
  let depth = 0;

  parser.on('opentag', (tag: SaxesTagNS) => {
    if (++depth > MAX_XML_DEPTH) throw new TooDeep();
    const attr = (name: string) => tag.attributes[name]?.value ?? '';
    switch (tag.local) {
      case 'record':
        record = { leader: '', fields: [] };
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
        if (record) {
          number++;
          ready.push({ ok: true, record, number });
        }
        record = null;
        break;
    }
    text = inLeader ? text : '';
  });

  try {
    // Some exports are a bare run of <record> elements with no <collection> around them. A
    // root of our own around whatever the file has makes both shapes one well-formed document;
    // the file's XML declaration, if any, must stay in front of it.
    let first = true;
    for await (const chunk of source) {
      let text = decoder.decode(chunk, { stream: true });
      if (first) {
        first = false;
        const declaration = /^\uFEFF?\s*(<\?xml[^?]*\?>)?/.exec(text)![0];
        text = `${declaration.replace(/^\uFEFF/, '')}<r2b-file>${text.slice(declaration.length)}`;
      }
      parser.write(text);
      yield* ready.splice(0);
    }
    parser.write(`${decoder.decode()}</r2b-file>`);
    parser.close();
    yield* ready.splice(0);
  } catch (error) {
    yield* ready.splice(0);
    yield {
      ok: false,
      error:
        error instanceof TooDeep
          ? `the XML nests elements more than ${MAX_XML_DEPTH - 1} deep at line ${parser.line}, where MARCXML needs four (collection, record, datafield, subfield): this is not a MARCXML file`
          : `the XML is broken near line ${parser.line}: ${(error as Error).message}`,
      number: number + 1,
    };
  }
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

/** The value of control field `tag` (001, 003, ...). */
export function controlField(record: MarcRecord, tag: string): string | undefined {
  return record.fields.find((f) => f[0] === tag && f.length === 2)?.[1];
}
