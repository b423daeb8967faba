// Vendor catalogues (征订目录): the new-title lists suppliers send libraries (人天书店 and
// CNPIEC as CNMARC or a spreadsheet, GOBI and ProQuest OASIS as MARC), which Chinese
// university libraries' OPACs let patrons browse and suggest from, each book with how many
// readers asked for it (荐购人数).
import { foldForSearch } from './work-key.js';
import { IN_COLLECTION } from './workflow.js';

/**
 * The columns of a vendor's sheet, by the field each is read as, with the names suppliers
 * give them: the English ones, a Chinese vendor's (人天书店 and CNPIEC sheets head them so,
 * in Simplified or Traditional characters), and the first that a sheet has is read.
 */
export const CATALOGUE_COLUMNS = {
  isbn: ['isbn', 'isbn13', 'isbn号', '国际标准书号', '國際標準書號'],
  title: ['title', '题名', '正题名', '书名', '題名', '正題名', '書名'],
  author: ['author', 'authors', '责任者', '作者', '著者', '責任者'],
  publisher: ['publisher', '出版社', '出版者'],
  year: ['year', 'published_year', '出版年', '出版日期', '出版时间', '出版時間'],
  price: ['price', '定价', '价格', '定價', '價格'],
  currency: ['currency', '币种', '幣種'],
  class: ['class', 'class_number', 'clc', '中图分类号', '中图法分类号', '分类号', '中圖分類號', '分類號', 'lcc', 'ddc'],
} as const;

export type CatalogueField = keyof typeof CATALOGUE_COLUMNS;

/** Where a catalogue's book stands with the library, as a patron browsing it is told. */
export type Standing = 'held' | 'on-order' | 'suggested' | 'open';

// Bought and on its way: a patron need not ask for it, and is told so.
const ON_ORDER = new Set(['ordered', 'received']);

/**
 * A book the library has copies of, or whose title is in the collection, is held; one that is
 * bought and not yet on the shelf is on order; one others asked for is suggested (a patron
 * adds their voice); otherwise nobody has asked yet.
 */
export function standing(title: { status: string; requesters: number } | null, heldItems: number): Standing {
  if (heldItems > 0 || (title && (IN_COLLECTION as readonly string[]).includes(title.status))) return 'held';
  if (title && ON_ORDER.has(title.status)) return 'on-order';
  return title && title.requesters > 0 ? 'suggested' : 'open';
}

/**
 * What a catalogue search reads of an entry: its title, authors and publisher, folded as the
 * query is (so 三體 finds 三体, and "godel" Gödel), one to a line so a match stays in one field.
 */
export function catalogueSearchText(entry: { title: string; authors: string[]; publisher: string | null }): string {
  return [entry.title, ...entry.authors, entry.publisher ?? ''].map(foldForSearch).join('\n');
}
