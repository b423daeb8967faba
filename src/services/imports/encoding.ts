// Which text encoding a CSV export is in. Chinese libraries' systems and spreadsheets still
// write GB18030 (mainland) and Big5 (Taiwan, Hong Kong), Excel on Windows writes Windows-1252
// or UTF-16, and anything newer writes UTF-8. A file read in the wrong one stores garbage that
// looks like data, so the encoding is recognised from the file's first bytes (csv.ts reads
// them, or it is said with --encoding), the file is decoded as it is read, and a row that does
// not decode is refused by its line (csv.ts), never stored.
import chardet from 'chardet';
import { ImportError } from './import-run.js';

/** The encoding a CSV is read in: a WHATWG name TextDecoder knows ("utf-8", "gb18030", "big5", ...). */
export interface TextEncoding {
  name: string;
  /** recognised from the bytes rather than said by the person importing */
  detected: boolean;
}

/** What the summary says of a file that was not UTF-8, so a wrong guess is seen at once. */
export function encodingNote(encoding: TextEncoding): string | null {
  if (encoding.name === 'utf-8') return null;
  return encoding.detected
    ? `the file is not UTF-8: it was read as ${encoding.name}, recognised from its bytes (if the names look wrong, say the encoding with --encoding)`
    : `the file was read as ${encoding.name}`;
}

/** The WHATWG name of an encoding label ("GBK", "latin1", "UTF-16"), or an ImportError. */
export function encodingNamed(label: string): string {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    throw new ImportError(
      `There is no text encoding "${label}"; give one such as utf-8, gb18030, big5, windows-1252 or utf-16le.`,
    );
  }
}

const BYTE_ORDER_MARKS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0x84, 0x31, 0x95, 0x33], 'gb18030'],
];

/**
 * The encoding of text that starts with `head`: its byte-order mark; else UTF-16 by its zero
 * bytes; else UTF-8 when its bytes read as UTF-8 (ASCII does), but for a damaged row or two;
 * else what chardet, which weighs the byte sequences of each legacy encoding against their
 * frequencies in real text, finds likeliest.
 */
export function recogniseEncoding(head: Uint8Array): string {
  for (const [mark, name] of BYTE_ORDER_MARKS) if (mark.every((b, i) => head[i] === b)) return name;
  const utf16 = utf16ByZeroBytes(head);
  if (utf16) return utf16;
  if (mostlyUtf8(head)) return 'utf-8';
  for (const match of chardet.analyse(head)) {
    const name = decoderName(match.name);
    if (name) return name;
  }
  throw new ImportError('The file is not UTF-8, and its encoding cannot be recognised: say it with --encoding.');
}

/**
 * A CSV's commas, digits and line ends are ASCII, which UTF-16 writes with a zero byte beside
 * each (after it little-endian, before it big-endian); no other text encoding writes zero
 * bytes. Without a byte-order mark that pattern is how UTF-16 shows.
 */
export function utf16ByZeroBytes(head: Uint8Array): string | null {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs / 4 && evenZeros <= pairs / 16) return 'utf-16le';
  if (evenZeros >= pairs / 4 && oddZeros <= pairs / 16) return 'utf-16be';
  return null;
}

/**
 * UTF-8 text with a stray byte in it (a row damaged upstream) is still UTF-8, and that row is
 * refused by its line; read as Windows-1252 instead, every Chinese name in the file would turn
 * to garbage. Text in a legacy encoding read as UTF-8 is mostly bytes that do not decode: of
 * GB18030's two-byte characters about one in seven happens to be a valid UTF-8 sequence, of
 * Big5's fewer, of Windows-1252's accented letters almost none.
 */
function mostlyUtf8(head: Uint8Array): boolean {
  // stream: the sample may end in the middle of a character.
  const text = new TextDecoder('utf-8').decode(head, { stream: true });
  let decoded = 0;
  let undecodable = 0;
  for (const char of text) {
    if (char === '\uFFFD') undecodable++;
    else if (char > '\x7F') decoded++;
  }
  return undecodable === 0 || decoded >= 2 * undecodable;
}

function decoderName(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/** The chunks of a file as UTF-8 bytes, decoded from `encoding`; what does not decode becomes U+FFFD. */
export async function* asUtf8(chunks: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<Buffer> {
  if (encoding === 'utf-8') {
    // csv-parse reads UTF-8 itself, putting U+FFFD where a byte is not UTF-8: nothing to do.
    yield* chunks;
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}
