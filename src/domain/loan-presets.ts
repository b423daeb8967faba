// Where each field of a loan is found in the exports real ILSs produce. A library whose export
// differs overrides single fields with --map field=column.

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
] as const;
/** Fields a file may lack without a word: the evidence they give is simply not there. */
export const OPTIONAL_LOAN_FIELDS: readonly LoanField[] = [
  'loan_id',
  'title',
  'author',
  'published',
  'location',
  'copies',
];
export type LoanField = (typeof LOAN_FIELDS)[number];

export interface LoanPreset {
  name: string;
  describes: string;
  columns: Partial<Record<LoanField, string>>;
  /** more classification columns, tried in order when call_number gives no discipline */
  classFallbacks?: { column: string; scheme: 'lcc' | 'ddc' | 'clc' }[];
  /** columns in this export that identify the borrower: never read, listed so the README can say so */
  borrowerColumns: string[];
}

export const LOAN_PRESETS: Record<string, LoanPreset> = {
  generic: {
    name: 'generic',
    describes: 'any CSV with these headers (loan_id optional)',
    columns: {
      loan_id: 'loan_id',
      loaned_at: 'loaned_at',
      isbn: 'isbn',
      call_number: 'call_number',
      department: 'department',
      patron_category: 'patron_category',
      title: 'title',
      author: 'author',
      published: 'published',
      location: 'location',
      copies: 'copies',
    },
    borrowerColumns: [],
  },
  koha: {
    name: 'koha',
    describes:
      'a Koha SQL report over issues and old_issues joined to items, biblioitems and borrowers (sort1 holding the department, as many academic Koha libraries use it)',
    columns: {
      loan_id: 'issue_id',
      loaned_at: 'issuedate',
      isbn: 'isbn',
      call_number: 'itemcallnumber',
      department: 'sort1',
      patron_category: 'categorycode',
      title: 'title',
      author: 'author',
      published: 'copyrightdate',
      location: 'location',
    },
    borrowerColumns: ['borrowernumber', 'cardnumber', 'surname', 'firstname', 'email', 'userid'],
  },
  alma: {
    name: 'alma',
    describes: 'an Alma Analytics Fulfillment loans report exported as CSV',
    columns: {
      loan_id: 'Loan ID',
      loaned_at: 'Loan Date',
      isbn: 'ISBN',
      call_number: 'Permanent Call Number',
      department: 'Statistical Category 1',
      patron_category: 'User Group',
      title: 'Title',
      author: 'Author',
      published: 'Publication Date',
      location: 'Location Name',
    },
    borrowerColumns: ['Primary Identifier', 'User Name', 'User ID', 'Email'],
  },
  folio: {
    name: 'folio',
    describes:
      "FOLIO Reporting's loans_items table (LDP or Metadb) with the item's ISBN and the borrower's department joined in",
    columns: {
      loan_id: 'loan_id',
      loaned_at: 'loan_date',
      isbn: 'isbn',
      call_number: 'item_effective_call_number',
      department: 'department_name',
      patron_category: 'patron_group_name',
    },
    borrowerColumns: ['user_id', 'barcode', 'username', 'proxy_user_id'],
  },
  evergreen: {
    name: 'evergreen',
    describes:
      "Evergreen's action.circulation joined to asset.call_number and the bibliographic record (the circ_joined.csv shape)",
    columns: {
      loan_id: 'circ_id',
      loaned_at: 'checkout_time',
      isbn: 'isbn',
      call_number: 'call_number',
      department: 'department',
      patron_category: 'patron_profile',
      title: 'title',
      location: 'copy_location',
    },
    classFallbacks: [
      { column: 'lcc_050', scheme: 'lcc' },
      { column: 'ddc_082', scheme: 'ddc' },
    ],
    borrowerColumns: ['patron_id', 'usr', 'patron_barcode'],
  },
};

/** The preset of this name: only the presets themselves, never a property every object has ("constructor"). */
export function loanPreset(name: string): LoanPreset | undefined {
  return Object.hasOwn(LOAN_PRESETS, name) ? LOAN_PRESETS[name] : undefined;
}

/** A preset with --map overrides applied: "department=Faculty" reads department from "Faculty". */
export function withOverrides(preset: LoanPreset, overrides: string[]): LoanPreset | { error: string } {
  const columns = { ...preset.columns };
  for (const pair of overrides) {
    const at = pair.indexOf('=');
    const field = pair.slice(0, at).trim() as LoanField;
    const column = pair.slice(at + 1).trim();
    if (at < 1 || !column) return { error: `--map ${pair}: write field=column` };
    if (!(LOAN_FIELDS as readonly string[]).includes(field)) {
      return { error: `--map ${pair}: "${field}" is not a loan field; the fields are ${LOAN_FIELDS.join(', ')}` };
    }
    columns[field] = column;
  }
  return { ...preset, columns };
}
