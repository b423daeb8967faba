// How long what people and exports write may be: room for any real ISBN string, title, author
// list, reason or call number, and no more, so a pasted chapter (or a megabyte a script sent)
// is refused by name, never stored whole and never cut short without a word.
export const TEXT_LIMITS = {
  isbn: 100,
  title: 1000,
  author: 500,
  reason: 4000,
  callNumber: 100,
  /** the edition a patron or staff name (publisher, edition, series), and a patron's note for the selectors */
  publisher: 300,
  edition: 100,
  series: 300,
  noteToStaff: 2000,
  /** department codes, as `r2b import departments` allows them */
  department: 40,
  category: 40,
  /** a course as a university codes it ("HIST 210"), its term ("Semester 1, 2020/21") and its name */
  courseCode: 30,
  courseTerm: 40,
  courseName: 200,
  /** what staff write on a title: the order's fund and vendor codes (as ILS codes go), a note, a liaison's comment */
  orderCode: 60,
  staffNote: 4000,
  comment: 2000,
} as const;

export type LimitedText = keyof typeof TEXT_LIMITS;

/** Why a value is refused, naming the field as the reader knows it; null when it fits. */
export function overLimit(field: LimitedText, value: string, name: string = field): string | null {
  const max = TEXT_LIMITS[field];
  if (value.length <= max) return null;
  return `${name} is ${value.length.toLocaleString('en')} characters long; at most ${max.toLocaleString('en')} are accepted`;
}
