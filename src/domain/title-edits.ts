// What staff may change of a title, and the rule that keeps their word: a field a selector set
// is laid over whatever the providers say, every time the title is read or enriched again, so a
// corrected title, a publisher's real name or a vendor's price is never undone by the next
// lookup. Clearing a field gives it back to the providers. The order fields (fund, copies,
// vendor), the staff note and the assignee are staff's alone: no provider writes them.
import type { MergedMetadata, Price } from './metadata.js';
import { EMPTY_METADATA } from './metadata.js';

/** Fields of the bibliographic record staff can correct; kept in the title's `edits`. */
export const METADATA_FIELDS = [
  'title',
  'subtitle',
  'authors',
  'publisher',
  'publishedYear',
  'edition',
  'price',
] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];

/** Every field an edit may change, in the order the form and the history show them. */
export const EDIT_FIELDS = [...METADATA_FIELDS, 'fund', 'quantity', 'vendor', 'staffNote', 'assignee'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** What staff set of the record, as stored: a field absent is the providers'. */
export interface StaffMetadata {
  title?: string;
  subtitle?: string;
  authors?: string[];
  publisher?: string;
  publishedYear?: number;
  edition?: string;
  price?: Price;
}

/** A title's editable values as a reader sees them: staff's where set, else the providers'. */
export interface EditableValues {
  title: string | null;
  subtitle: string | null;
  authors: string[];
  publisher: string | null;
  publishedYear: number | null;
  edition: string | null;
  price: Price | null;
  fund: string | null;
  quantity: number | null;
  vendor: string | null;
  staffNote: string | null;
  /** the assignee's id in the identity system (their token's --patron) */
  assignee: string | null;
}

/** A requested change: a field given is set, a field given as null is cleared, a field left out stays. */
export type TitleEdit = Partial<{ [K in EditField]: EditableValues[K] | null }>;

/** An edit as forms send it too: a field left blank is a field cleared. */
export function blankAsCleared(change: TitleEdit): TitleEdit {
  return Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === '' ? null : v])) as TitleEdit;
}

export interface FieldChange {
  field: EditField;
  before: unknown;
  after: unknown;
}

/** The source name a field staff set carries in the metadata's `sources`. */
export const STAFF_SOURCE = 'staff';

/**
 * The record as the library means it: the providers' merged metadata with staff's fields laid
 * over, each such field's source "staff". A title no provider knows yet still carries what staff wrote.
 */
export function withStaffEdits(metadata: MergedMetadata | null, edits: StaffMetadata | null): MergedMetadata | null {
  const set = Object.entries(edits ?? {}).filter(([, v]) => v !== undefined);
  if (set.length === 0) return metadata;
  const out: MergedMetadata = { ...EMPTY_METADATA, ...metadata, sources: { ...metadata?.sources } };
  for (const [field, value] of set) {
    const key = field === 'price' ? 'listPrice' : (field as Exclude<MetadataField, 'price'>);
    (out as unknown as Record<string, unknown>)[key] = value;
    out.sources[key] = STAFF_SOURCE;
  }
  return out;
}

/** The stored edits after a change: fields given are set, those given as null go back to the providers. */
export function editedMetadata(edits: StaffMetadata | null, change: TitleEdit): StaffMetadata {
  const out: Record<string, unknown> = { ...edits };
  for (const field of METADATA_FIELDS) {
    if (!(field in change)) continue;
    const value = change[field];
    if (value === null || value === undefined) delete out[field];
    else out[field] = value;
  }
  return out as StaffMetadata;
}

/** The fields whose value differs, before and after, in EDIT_FIELDS order: what the audit records. */
export function changedFields(before: EditableValues, after: EditableValues): FieldChange[] {
  return EDIT_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
}
