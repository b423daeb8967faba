// A file that is not text at all: a spreadsheet saved as a workbook, a compressed export, a
// PDF. Read as CSV, its bytes would come back as a "header" of garbage in the error; it is
// named instead, with what to export, from the signature its format starts with, or found out
// by the control bytes no text has (UTF-16's zero bytes aside).
import { utf16ByZeroBytes } from './encoding.js';

const ZIP = 'a ZIP archive (an .xlsx or .ods spreadsheet?)';
const SIGNATURES: [bytes: number[], kind: string][] = [
  [[0x50, 0x4b, 0x03, 0x04], ZIP],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an old Excel or Word file (.xls, .doc)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF'],
  [[0x1f, 0x8b], 'a gzip-compressed file (uncompress it first)'],
  [[0x42, 0x5a, 0x68], 'a bzip2-compressed file (uncompress it first)'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database'],
];

// Tab, line feed, form feed, carriage return, and MARC's record, field and subfield separators.
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1d, 0x1e, 0x1f]);

/** What a file is by the signature it starts with (a workbook, an archive, a PDF), in words; null for none. */
export function signatureKind(head: Uint8Array): string | null {
  for (const [bytes, kind] of SIGNATURES) {
    if (!bytes.every((b, i) => head[i] === b)) continue;
    // An Excel workbook (.xlsx) is a ZIP archive whose parts are named xl/...
    if (kind === ZIP && Buffer.from(head).includes('xl/')) return 'an Excel workbook (.xlsx)';
    return kind;
  }
  return null;
}

/** What a file that starts with `head` is, in words, when it is not text; null when it is text. */
export function binaryKind(head: Uint8Array): string | null {
  const signed = signatureKind(head);
  if (signed) return signed;
  const utf16Mark = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16Mark || utf16ByZeroBytes(head)) return null;
  const sample = head.subarray(0, 4096);
  let control = 0;
  for (const b of sample) if (b < 0x20 && !TEXT_CONTROLS.has(b)) control++;
  return control > sample.length / 100 ? 'binary data' : null;
}
