// An import of any kind with the options a person chose, the one place they become the
// importer's call: the API (POST /api/v1/imports/{kind}) and the imports page run the same
// import of the same upload.
import type { Deps } from '../../context.js';
import type { Flavour, MarcFormat } from './marc.js';
import { importCatalogue } from './catalogue.js';
import { importDepartments } from './departments.js';
import { importHoldings } from './holdings.js';
import { importIll } from './ill.js';
import type { ImportKind, ImportSource, ImportSummary } from './import-run.js';
import { importLoans } from './loans.js';
import { importReadingLists } from './reading-lists.js';
import { importSuggestions } from './suggestions.js';

/** What a person may choose for an import; each kind reads the options it takes. */
export interface ImportChoices {
  preset?: string | undefined;
  /** field=column overrides */
  map?: string[] | undefined;
  dates?: 'mdy' | 'dmy' | undefined;
  source?: string | undefined;
  encoding?: string | undefined;
  /** a CSV's delimiter, by name (comma, semicolon, tab, pipe) */
  delimiter?: string | undefined;
  /** the values of a loan file's type column that mean a new loan */
  loanType?: string[] | undefined;
  format?: MarcFormat | undefined;
  flavour?: Flavour | undefined;
  /** a vendor catalogue's name, the vendor, the day it was issued (today if not said) and its expiry */
  catalogue?: string | undefined;
  vendor?: string | undefined;
  issued?: string | undefined;
  expires?: string | undefined;
  /** the currency of a vendor catalogue's bare prices */
  currency?: string | undefined;
}

export function importFile(
  deps: Deps,
  kind: ImportKind,
  source: ImportSource,
  choices: ImportChoices,
): Promise<ImportSummary> {
  const csv = {
    ...(choices.encoding ? { encoding: choices.encoding } : {}),
    ...(choices.delimiter ? { delimiter: choices.delimiter } : {}),
  };
  const preset = { preset: choices.preset ?? 'generic', map: choices.map ?? [] };
  const dateOrder = choices.dates ? { dateOrder: choices.dates } : {};
  const from = choices.source === undefined ? {} : { source: choices.source };
  switch (kind) {
    case 'loans':
      return importLoans(deps, source, {
        ...preset,
        ...(choices.loanType?.length ? { loanTypes: choices.loanType } : {}),
        ...dateOrder,
        ...from,
        ...csv,
      });
    case 'ill':
      return importIll(deps, source, { ...preset, ...dateOrder, ...from, ...csv });
    case 'readinglists':
      return importReadingLists(deps, source, { ...preset, ...csv });
    case 'holdings':
      return importHoldings(deps, source, {
        ...(choices.format ? { format: choices.format } : {}),
        ...(choices.flavour ? { flavour: choices.flavour } : {}),
        ...csv,
      });
    case 'departments':
      return importDepartments(deps, source, csv);
    case 'suggestions':
      return importSuggestions(deps, source, csv);
    case 'catalogue':
      return importCatalogue(deps, source, {
        catalogue: {
          name: choices.catalogue ?? '',
          vendor: choices.vendor ?? '',
          issued: choices.issued ?? deps.clock().toISOString().slice(0, 10),
          ...(choices.expires ? { expires: choices.expires } : {}),
        },
        ...(choices.format ? { format: choices.format } : {}),
        ...(choices.flavour ? { flavour: choices.flavour } : {}),
        ...(choices.currency ? { currency: choices.currency } : {}),
        ...csv,
      });
  }
}
