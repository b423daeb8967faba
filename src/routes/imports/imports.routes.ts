import { createRoute, z } from '@hono/zod-openapi';
import { IMPORT_KINDS } from '../../db/schema.js';
import type { ImportKind } from '../../services/imports/import-run.js';
import { ILL_PRESETS } from '../../domain/ill-request.js';
import { LOAN_PRESETS } from '../../domain/loan-presets.js';
import { READING_LIST_PRESETS } from '../../domain/reading-list-presets.js';
import { DELIMITERS, type DelimiterName } from '../../services/imports/csv.js';
import { FLAVOURS } from '../../services/imports/marc.js';
import { allow } from '../router.js';
import { authProblems, problem } from '../schemas.js';

export const ImportSummarySchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    file: z.string(),
    read: z.number().int(),
    imported: z.number().int(),
    rejected: z.number().int(),
    skipped: z.number().int().openapi({ description: 'loans whose ILS id was already imported' }),
    rejections: z
      .array(z.object({ line: z.number().int(), reason: z.string() }))
      .openapi({ description: 'the first rejected rows' }),
    alreadyImported: z.boolean(),
    resumedAfter: z.number().int(),
    warnings: z.array(z.string()),
    failed: z.string().optional(),
    seconds: z.number(),
  })
  .openapi('ImportSummary');

const fileName = z
  .string()
  .max(200)
  .optional()
  .openapi({ description: 'a name for the upload in summaries', example: 'loans-2026-10.csv' });
const encoding = z.string().max(40).optional().openapi({
  description: "the CSV's text encoding, as --encoding takes it; recognised from the bytes when not given",
  example: 'gb18030',
});
const delimiter = z
  .enum(Object.keys(DELIMITERS) as [DelimiterName, ...DelimiterName[]])
  .optional()
  .openapi({
    description: "what separates a CSV's fields, as --delimiter takes it; recognised from the header when not given",
    example: 'semicolon',
  });
const map = (example: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: 'field=column overrides, repeatable', example });
const dates = z.enum(['mdy', 'dmy']).optional().openapi({ description: 'how to read slashed dates such as 1/2/2017' });
const day = z.iso.date();

const presetOf = (presets: Record<string, unknown>) =>
  z.enum(Object.keys(presets) as [string, ...string[]]).default('generic');

/**
 * The options each kind of import takes, and their limits: the API's query parameters, and the
 * fields of the imports page's forms.
 */
export const IMPORT_QUERIES = {
  loans: z.object({
    preset: presetOf(LOAN_PRESETS),
    map: map('department=Faculty'),
    dates,
    source: z.string().max(60).optional().openapi({
      description:
        'the system the loan ids come from, as --source takes it (default: the preset name); ids of two sources never match',
      example: 'koha-main',
    }),
    loanType: z
      .union([z.string().max(40), z.array(z.string().max(40)).max(20)])
      .optional()
      .openapi({
        description:
          'the values of the type column that mean a new loan, as --loan-type takes them (repeatable); other rows are passed over',
        example: 'issue',
      }),
    encoding,
    delimiter,
    name: fileName,
  }),
  holdings: z.object({
    format: z.enum(['iso2709', 'marcxml', 'csv']).optional(),
    flavour: z.enum(FLAVOURS).optional().openapi({
      description:
        'MARC21, or UNIMARC (CNMARC is UNIMARC), as --flavour takes it; recognised from the records when not given (a title in 200 and none in 245 is UNIMARC)',
      example: 'unimarc',
    }),
    encoding,
    delimiter,
    name: fileName,
  }),
  departments: z.object({ encoding, delimiter, name: fileName }),
  suggestions: z.object({ encoding, delimiter, name: fileName }),
  readinglists: z.object({
    preset: presetOf(READING_LIST_PRESETS),
    map: map('enrolment=Class size'),
    encoding,
    delimiter,
    name: fileName,
  }),
  ill: z.object({
    preset: presetOf(ILL_PRESETS),
    map: map('department=Dept'),
    dates,
    source: z.string().max(60).optional().openapi({
      description: 'the ILL system the request ids come from (default: the preset name)',
      example: 'illiad',
    }),
    encoding,
    delimiter,
    name: fileName,
  }),
  catalogue: z.object({
    catalogue: z.string().trim().min(1).max(200).openapi({
      description:
        "the catalogue's name, as the vendor calls the list (--name); a later file of the same name and vendor updates it",
      example: '2026年第3期新书征订目录',
    }),
    vendor: z.string().trim().min(1).max(200).openapi({ description: 'who sent it (--vendor)', example: '人天书店' }),
    issued: day
      .optional()
      .openapi({ description: 'the day the vendor issued it (default: today)', example: '2026-03-01' }),
    expires: day.optional().openapi({
      description: 'the last day patrons are offered it (default: never)',
      example: '2026-06-30',
    }),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/)
      .optional()
      .openapi({ description: 'the ISO 4217 currency of prices written as bare numbers (定价 68.00)', example: 'CNY' }),
    format: z.enum(['iso2709', 'marcxml', 'csv']).optional(),
    flavour: z.enum(FLAVOURS).optional().openapi({
      description: 'MARC21, or UNIMARC (CNMARC is UNIMARC); recognised from the records when not given',
      example: 'unimarc',
    }),
    encoding,
    delimiter,
    name: fileName,
  }),
} satisfies Record<ImportKind, z.ZodObject>;

const csvBody = (description: string) => ({
  content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
  description,
  required: true,
});
/** Holdings and catalogues come as MARC (either serialisation) or CSV, told apart by their bytes. */
const marcOrCsvBody = {
  content: {
    'application/marc': { schema: z.string().openapi({ format: 'binary' }) },
    'application/marcxml+xml': { schema: z.string() },
    'text/csv': { schema: z.string() },
  },
  description: 'The file; its format is recognised from its first bytes unless `format` says',
  required: true,
};
const responses = {
  200: {
    content: { 'application/json': { schema: ImportSummarySchema } },
    description: 'What was imported and rejected',
  },
  ...authProblems,
  413: problem(
    'payload-too-large',
    'The file is larger than IMPORT_LIMIT_BYTES; use the r2b command for large files',
    'Uploaded files (use the r2b command for larger ones) are limited to 52428800 bytes.',
  ),
  422: problem(
    'validation',
    'The file cannot be imported as given (a missing column, an unknown preset)',
    'The file has no "issuedate" column for the loan date (preset koha). Its columns are: issue_id, borrowernumber, isbn, itemcallnumber. Use --map loaned_at=COLUMN.',
  ),
};

export const loans = createRoute({
  method: 'post',
  path: '/imports/loans',
  tags: ['Imports'],
  summary: 'Import a loan export (the same importer as `r2b import loans`)',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: {
    query: IMPORT_QUERIES.loans,
    body: csvBody('The CSV file'),
  },
  responses,
});

export const holdings = createRoute({
  method: 'post',
  path: '/imports/holdings',
  tags: ['Imports'],
  summary: 'Import holdings: MARC21 or UNIMARC/CNMARC (ISO 2709 or MARCXML), or CSV (isbn,call_number,items)',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: {
    query: IMPORT_QUERIES.holdings,
    body: marcOrCsvBody,
  },
  responses,
});

export const departments = createRoute({
  method: 'post',
  path: '/imports/departments',
  tags: ['Imports'],
  summary: 'Set up departments: code,name,liaison_email,locale,fund,budget,disciplines',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: { query: IMPORT_QUERIES.departments, body: csvBody('The CSV file') },
  responses,
});

export const suggestions = createRoute({
  method: 'post',
  path: '/imports/suggestions',
  tags: ['Imports'],
  summary:
    'Bring in suggestion history: requested_at,patron_id,patron_category,department,isbn,title,author,format,reason,status,decided_at',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: { query: IMPORT_QUERIES.suggestions, body: csvBody('The CSV file') },
  responses,
});

export const readingLists = createRoute({
  method: 'post',
  path: '/imports/readinglists',
  tags: ['Imports'],
  summary:
    'Import courses’ reading lists: each listed book becomes demand, with its course (the same importer as `r2b import readinglists`)',
  description:
    'One row per book listed for a course: course code and name, term, enrolment, ISBN or title (and author), importance. Presets read Leganto (an Alma Analytics Course Reserves report) and Talis Aspire (the All List Items report) exports; `map` reads a field from another column.',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: {
    query: IMPORT_QUERIES.readinglists,
    body: csvBody('The CSV file'),
  },
  responses,
});

export const ill = createRoute({
  method: 'post',
  path: '/imports/ill',
  tags: ['Imports'],
  summary: 'Import the books borrowed from other libraries for patrons here (an ILLiad, Tipasa or ReShare export)',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: {
    query: IMPORT_QUERIES.ill,
    body: csvBody('The CSV file'),
  },
  responses,
});

export const catalogue = createRoute({
  method: 'post',
  path: '/imports/catalogue',
  tags: ['Imports'],
  summary:
    "Import a vendor's new-title list (征订目录) for patrons to browse and suggest from: MARC21 or UNIMARC/CNMARC (ISO 2709 or MARCXML), or CSV",
  description:
    'CSV columns are read by their English or Chinese names: isbn (ISBN), title (题名, 书名), author (责任者), publisher (出版社), year (出版年), price (定价), currency, class (中图分类号). Entries are keyed by the work a suggestion of them pools under; a later file of the same catalogue updates them.',
  security: [{ bearer: [] }],
  middleware: [allow('import')] as const,
  request: {
    query: IMPORT_QUERIES.catalogue,
    body: marcOrCsvBody,
  },
  responses,
});
