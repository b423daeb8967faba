// One row of an interlibrary-loan system's export, made into a request the library filled by
// borrowing: what was asked for, when, by which department. Never who asked (the export's user
// name, e-mail or id columns are not read). Articles are not books the library could buy, and
// what the library lent to others is not its own patrons' demand: both are passed over.
import { controlCharacterIn } from './imported-text.js';
import { toIsbn13 } from './isbn.js';
import { parseLoanDate } from './loan.js';
import { overLimit } from './text-limits.js';
import { authorKey } from './title-evidence.js';
import { normalizeTitle } from './work-key.js';

export const ILL_FIELDS = [
  'request_id',
  'requested_at',
  'title',
  'author',
  'isbn',
  'department',
  'type',
  'direction',
] as const;
export type IllField = (typeof ILL_FIELDS)[number];

export interface IllPreset {
  name: string;
  describes: string;
  columns: Partial<Record<IllField, string>>;
  /** the values of `type` that are loans of books, and of `direction` that are borrowing for our patrons */
  bookTypes?: string[];
  borrowing?: string[];
}

export const ILL_PRESETS: Record<string, IllPreset> = {
  generic: {
    name: 'generic',
    describes: 'request_id,requested_at,title,author,isbn,department',
    columns: {
      request_id: 'request_id',
      requested_at: 'requested_at',
      title: 'title',
      author: 'author',
      isbn: 'isbn',
      department: 'department',
    },
  },
  illiad: {
    name: 'illiad',
    describes:
      "ILLiad's Transactions table joined to Users for the department (a Web Report or SQL export): loans only, borrowing only; ILLiad keeps a loan's ISBN in ISSN",
    columns: {
      request_id: 'TransactionNumber',
      requested_at: 'CreationDate',
      title: 'LoanTitle',
      author: 'LoanAuthor',
      isbn: 'ISSN',
      department: 'Department',
      type: 'RequestType',
      direction: 'ProcessType',
    },
    bookTypes: ['loan'],
    borrowing: ['borrowing'],
  },
  tipasa: {
    name: 'tipasa',
    describes: "OCLC Tipasa's borrowing requests report, as exported to CSV (check the headers with your export)",
    columns: {
      request_id: 'Request ID',
      requested_at: 'Date Created',
      title: 'Title',
      author: 'Author',
      isbn: 'ISBN',
      department: 'Patron Department',
      type: 'Service Type',
    },
    bookTypes: ['loan'],
  },
  reshare: {
    name: 'reshare',
    describes: "Project ReShare's patron requests (mod-rs) exported as CSV: requester side only",
    columns: {
      request_id: 'id',
      requested_at: 'dateCreated',
      title: 'title',
      author: 'author',
      isbn: 'isbn',
      department: 'patronType',
      direction: 'isRequester',
    },
    borrowing: ['true'],
  },
};

export function illPreset(name: string): IllPreset | undefined {
  return Object.hasOwn(ILL_PRESETS, name) ? ILL_PRESETS[name] : undefined;
}

export interface IllRequest {
  requestKey: string;
  titleKey: string | null;
  authorKey: string | null;
  isbn13: string | null;
  month: string;
  departmentCode: string | null;
}

export type IllResult = { ok: true; request: IllRequest } | { ok: false; skip?: true; reason: string };

export function toIllRequest(
  fields: Partial<Record<IllField, string>>,
  preset: IllPreset,
  ctx: { now: Date; dateOrder?: 'mdy' | 'dmy' | undefined; line: number; file: string },
): IllResult {
  const value = (field: IllField) => {
    const text = (fields[field] ?? '').trim();
    return text === '' || /^(?:NA|N\/A|NULL)$/i.test(text) ? null : text;
  };
  const type = value('type')?.toLowerCase();
  if (preset.bookTypes && type && !preset.bookTypes.includes(type)) {
    return { ok: false, skip: true, reason: `a ${type} request, not a book` };
  }
  const direction = value('direction')?.toLowerCase();
  if (preset.borrowing && direction && !preset.borrowing.includes(direction)) {
    return { ok: false, skip: true, reason: 'lent to another library, not borrowed for a patron here' };
  }
  const when = parseLoanDate(value('requested_at') ?? '', ctx.dateOrder);
  if (!when.ok) return { ok: false, reason: when.reason.replace('loaned_at', 'requested_at') };
  if (when.date.getTime() > ctx.now.getTime() + 86_400_000) {
    return { ok: false, reason: 'requested_at is in the future' };
  }
  const title = value('title');
  const author = value('author');
  const rawIsbn = value('isbn');
  const isbn13 = rawIsbn ? toIsbn13(rawIsbn) : null;
  if (!title && !isbn13) return { ok: false, reason: 'neither a title nor a valid ISBN' };
  const department = value('department');
  const bad =
    (title && overLimit('title', title)) ||
    (author && overLimit('author', author)) ||
    (department && (overLimit('department', department) ?? controlCharacterIn('department', department)));
  if (bad) return { ok: false, reason: bad };
  return {
    ok: true,
    request: {
      // Without the system's own id, the row's place in this very file stands for it.
      requestKey: value('request_id') ?? `${ctx.file}:${ctx.line}`,
      titleKey: title ? normalizeTitle(title) || null : null,
      authorKey: author ? authorKey(author) : null,
      isbn13,
      month: when.date.toISOString().slice(0, 7),
      departmentCode: department,
    },
  };
}
