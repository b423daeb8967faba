// Where each field of a loan is found in the exports real ILSs produce, named as each system's
// own schema names its columns. A library whose export differs overrides single fields with
// --map field=column.
//
// Where the names come from (fixtures/README.md has the paths and commits):
// - Koha: installer/data/mysql/kohastructure.sql. An issues/old_issues row is one checkout
//   (a renewal adds to renewals_count, never a row); the statistics table has a row for every
//   transaction, of which only type "issue" is a loan, and no id to know a loan by.
// - FOLIO: folio-analytics' loans_items derived table, LDP (sql/derived_tables) and Metadb
//   (sql_metadb/derived_tables). One row per loan (renewal_count counts renewals on it); the
//   LDP version has the effective call number (the item's or its holding's), Metadb only the
//   item-level one. The department comes from the users_departments_unpacked table, joined.
// - Alma: the Fulfillment subject area of Alma Analytics, one row per loan (Item Loan Id);
//   an in-house loan ("In House Loan Indicator" Y) is a use in the library, not a loan.
// - Evergreen: action.circulation (090.schema.action.sql), which inherits id and xact_start
//   from money.billable_xact, joined to asset.call_number for the label. A renewal is a new
//   circulation whose parent_circ is the one renewed.

export const LOAN_FIELDS = [
  'loan_id',
  'loaned_at',
  'isbn',
  'call_number',
  'department',
  'patron_category',
  // What title-level evidence needs (earlier editions, ILL, course reserve): all optional.
  'title',
  'author',
  'published',
  'location',
  'copies',
  // What tells a new loan from a row that records something else (loan.ts, notANewLoan):
  // a renewal or in-house use flag, and a transaction type.
  'renewal',
  'type',
] as const;
/** Fields a file may lack without a word: the evidence they give is simply not there. */
export const OPTIONAL_LOAN_FIELDS: readonly LoanField[] = ['title', 'author', 'published', 'location', 'copies'];
export type LoanField = (typeof LOAN_FIELDS)[number];

export interface LoanPreset {
  name: string;
  describes: string;
  /** for each field, the columns it may be in, in the order they are tried on each row */
  columns: Partial<Record<LoanField, string[]>>;
  /** the values of the type column that mean a new loan (any case); other rows are passed over */
  newLoanTypes?: string[];
  /** more classification columns, tried in order when call_number gives no discipline */
  classFallbacks?: { column: string; scheme: 'lcc' | 'ddc' | 'clc' }[];
  /** columns in this export that identify the borrower: never read, listed so docs/imports.md can say so */
  borrowerColumns: string[];
}

export const LOAN_PRESETS: Record<string, LoanPreset> = {
  generic: {
    name: 'generic',
    describes: 'any CSV with these headers (loan_id optional)',
    columns: {
      loan_id: ['loan_id'],
      loaned_at: ['loaned_at'],
      isbn: ['isbn'],
      call_number: ['call_number'],
      department: ['department'],
      patron_category: ['patron_category'],
      title: ['title'],
      author: ['author'],
      published: ['published'],
      location: ['location'],
      copies: ['copies'],
    },
    borrowerColumns: [],
  },
  koha: {
    name: 'koha',
    describes:
      'a Koha SQL report over issues and old_issues joined to items, biblioitems, biblio and borrowers (sort1 holding the department, as many academic Koha libraries use it)',
    columns: {
      loan_id: ['issue_id'],
      loaned_at: ['issuedate'],
      // biblioitems.isbn holds every ISBN of the record, joined by " | ": the first valid is read.
      isbn: ['isbn'],
      call_number: ['itemcallnumber'],
      department: ['sort1'],
      patron_category: ['categorycode'],
      title: ['title'],
      author: ['author'],
      published: ['copyrightdate', 'publicationyear'],
      location: ['location'],
    },
    borrowerColumns: ['borrowernumber', 'issuer_id', 'cardnumber', 'surname', 'firstname', 'email', 'userid', 'note'],
  },
  'koha-statistics': {
    name: 'koha-statistics',
    describes:
      "Koha's statistics table (every circulation transaction) joined to items, biblioitems, biblio and borrowers: only type issue rows are loans",
    columns: {
      loaned_at: ['datetime'],
      type: ['type'],
      isbn: ['isbn'],
      call_number: ['itemcallnumber'],
      department: ['sort1'],
      patron_category: ['categorycode'],
      title: ['title'],
      author: ['author'],
      published: ['copyrightdate', 'publicationyear'],
      location: ['location'],
    },
    newLoanTypes: ['issue'],
    borrowerColumns: ['borrowernumber', 'cardnumber', 'surname', 'firstname', 'email', 'userid', 'other'],
  },
  alma: {
    name: 'alma',
    describes: 'an Alma Analytics Fulfillment loans report exported as CSV',
    columns: {
      loan_id: ['Item Loan Id'],
      // Loan Time is not read: the date alone keeps a loan's key the same in reports with and
      // without the time, so overlapping reports never count it twice.
      loaned_at: ['Loan Date'],
      // Every ISBN of the record, joined by "; ": the first valid is read.
      isbn: ['ISBN', 'ISBN (Normalized)'],
      call_number: ['Permanent Call Number', 'Call Number'],
      department: ['Statistical Category 1'],
      patron_category: ['User Group'],
      title: ['Title'],
      author: ['Author'],
      published: ['Publication Date'],
      location: ['Location Name'],
      renewal: ['In House Loan Indicator'],
    },
    borrowerColumns: ['Primary Identifier', 'User Id', 'First Name', 'Last Name', 'Email'],
  },
  folio: {
    name: 'folio',
    describes:
      "FOLIO Reporting's loans_items derived table (LDP or Metadb), with the borrower's department joined from users_departments_unpacked",
    columns: {
      loan_id: ['loan_id'],
      loaned_at: ['loan_date'],
      call_number: ['item_effective_call_number', 'item_level_call_number'],
      department: ['department_code', 'department_name'],
      patron_category: ['patron_group_name'],
      location: ['item_effective_location_name_at_check_out'],
    },
    borrowerColumns: ['user_id', 'proxy_user_id'],
  },
  evergreen: {
    name: 'evergreen',
    describes: "Evergreen's action.circulation joined to asset.call_number for the call number label",
    columns: {
      loan_id: ['id'],
      loaned_at: ['xact_start'],
      call_number: ['label'],
      renewal: ['parent_circ'],
    },
    borrowerColumns: ['usr', 'circ_staff', 'checkin_staff'],
  },
};

/** The preset of this name: only the presets themselves, never a property every object has ("constructor"). */
export function loanPreset(name: string): LoanPreset | undefined {
  return Object.hasOwn(LOAN_PRESETS, name) ? LOAN_PRESETS[name] : undefined;
}

/**
 * A preset with --map overrides applied ("department=Faculty" reads department from
 * "Faculty"), and with the type values that mean a new loan, when given, in place of the
 * preset's. A type column needs them: nothing else says which of its rows are loans.
 */
export function withOverrides(
  preset: LoanPreset,
  overrides: string[],
  newLoanTypes: string[] = [],
): LoanPreset | { error: string } {
  const columns = { ...preset.columns };
  for (const pair of overrides) {
    const at = pair.indexOf('=');
    const field = pair.slice(0, at).trim() as LoanField;
    const column = pair.slice(at + 1).trim();
    if (at < 1 || !column) return { error: `--map ${pair}: write field=column` };
    if (!(LOAN_FIELDS as readonly string[]).includes(field)) {
      return { error: `--map ${pair}: "${field}" is not a loan field; the fields are ${LOAN_FIELDS.join(', ')}` };
    }
    columns[field] = [column];
  }
  const types = newLoanTypes.map((t) => t.trim()).filter(Boolean);
  if (types.length && !columns.type) {
    return {
      error: '--loan-type says which values of a type column are loans: name the column with --map type=COLUMN',
    };
  }
  const resolved = { ...preset, columns, ...(types.length ? { newLoanTypes: types } : {}) };
  if (columns.type && !resolved.newLoanTypes?.length) {
    return {
      error: `--map type=${columns.type[0]}: say which of its values mean a new loan with --loan-type VALUE (Koha's statistics write "issue")`,
    };
  }
  return resolved;
}
