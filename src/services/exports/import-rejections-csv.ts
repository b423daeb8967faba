// The rows an import rejected, as a spreadsheet: the line of the file and why, for the systems
// librarian who mends the export and sends it again.
import type { ImportRunListing } from '../imports/import-run.js';
import { spreadsheet } from './buylist-csv.js';

export function importRejectionsCsv(run: ImportRunListing): string {
  return spreadsheet(
    ['file', 'line', 'reason'] as const,
    run.rejections.map((r) => [run.fileName, r.line, r.reason]),
  );
}
