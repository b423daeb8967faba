// MARCXML written out in tests, field by field, as an ILS would export it.
import { bufferSource, type ImportSource } from '../../src/services/imports/import-run.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export const control = (tag: string, value: string) => `<controlfield tag="${tag}">${escape(value)}</controlfield>`;

/** A data field: tag, the two indicators, then code and value pairs. */
export const field = (tag: string, indicators: string, ...subfields: [string, string][]) =>
  `<datafield tag="${tag}" ind1="${indicators[0]}" ind2="${indicators[1]}">${subfields
    .map(([code, value]) => `<subfield code="${code}">${escape(value)}</subfield>`)
    .join('')}</datafield>`;

export const record = (leader: string, ...fields: string[]) =>
  `<record><leader>${leader}</leader>${fields.join('')}</record>`;

/** A bibliographic record's leader (a book) and a holdings record's (MFHD, a single-part item). */
export const BOOK = '00000nam a2200000 a 4500';
export const MFHD = '00000nx  a2200000un 4500';

export function collection(name: string, ...records: string[]): ImportSource {
  return bufferSource(
    name,
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><collection xmlns="http://www.loc.gov/MARC21/slim">${records.join('')}</collection>`,
    ),
  );
}
