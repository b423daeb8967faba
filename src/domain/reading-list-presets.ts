// Where each field of a reading-list entry is found in the exports reading-list systems
// produce: one row per title listed for a course. Column names are matched in any case, with
// spaces, underscores and hyphens alike ("Student Numbers" is "student_numbers"), and a field
// may be in one of several columns: the first of them filled in on a row is read, so a row
// with no ISBN-13 gives its ISBN-10. A library whose export differs overrides single fields
// with --map field=column.
//
// Where the names come from (see docs/imports.md, "Reading lists"):
// - Leganto: the Course Reserves subject area of Alma Analytics, where Leganto's lists live
//   (courses with their code, name, term, year and number of participants; each citation with
//   its bibliographic fields and the tags instructors give it: Essential, Recommended, Optional).
// - Talis Aspire: the list-item data Talis documents for its reports and Advanced MIS
//   (techfromsage/advanced-mis: an item's title, authors, isbn13, isbn10, importance, type and
//   its list's time period and student numbers), with the module the list is linked to in the
//   hierarchy as the course.

export const READING_LIST_FIELDS = [
  'course_code',
  'course_name',
  'term',
  'year',
  'enrolment',
  'isbn',
  'title',
  'author',
  'importance',
  'type',
] as const;
export type ReadingListField = (typeof READING_LIST_FIELDS)[number];

export interface ReadingListPreset {
  name: string;
  describes: string;
  /** for each field, the columns it may be in, in the order they are tried on each row */
  columns: Partial<Record<ReadingListField, string[]>>;
}

export const READING_LIST_PRESETS: Record<string, ReadingListPreset> = {
  generic: {
    name: 'generic',
    describes: 'any CSV with these headers: course_code,course_name,term,enrolment,isbn,title,author,importance',
    columns: {
      course_code: ['course_code'],
      course_name: ['course_name'],
      term: ['term'],
      enrolment: ['enrolment', 'enrollment', 'students'],
      isbn: ['isbn'],
      title: ['title'],
      author: ['author'],
      importance: ['importance'],
      type: ['type'],
    },
  },
  leganto: {
    name: 'leganto',
    describes:
      'Leganto reading lists as an Alma Analytics Course Reserves report exported as CSV: one row per citation, with its course',
    columns: {
      course_code: ['Course Code'],
      course_name: ['Course Name'],
      term: ['Course Term', 'Course Terms', 'Term'],
      year: ['Course Year', 'Academic Year'],
      enrolment: ['Number of Participants', 'Participants'],
      isbn: ['ISBN', 'ISBN (Normalized)'],
      title: ['Title', 'Citation Title'],
      author: ['Author', 'Citation Author'],
      importance: ['Citation Tags', 'Tags'],
      type: ['Citation Secondary Type', 'Secondary Type'],
    },
  },
  talis: {
    name: 'talis',
    describes:
      "Talis Aspire's All List Items report (or the same from Advanced MIS): one row per list item, with its list's module, time period and student numbers",
    columns: {
      course_code: ['Hierarchy Code', 'Module Code', 'Node Code'],
      course_name: ['Hierarchy Name', 'Module Name', 'List Title', 'List Name'],
      term: ['Time Period'],
      enrolment: ['Student Numbers'],
      isbn: ['ISBN13', 'ISBN10', 'ISBN'],
      title: ['Title'],
      author: ['Authors', 'Author'],
      importance: ['Importance'],
      type: ['Resource Type', 'Type'],
    },
  },
};

/** A column name as it is matched: lower case, spaces, underscores and hyphens alike. */
export function columnKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

/** The preset of this name: only the presets themselves, never a property every object has ("constructor"). */
export function readingListPreset(name: string): ReadingListPreset | undefined {
  return Object.hasOwn(READING_LIST_PRESETS, name) ? READING_LIST_PRESETS[name] : undefined;
}

/** A preset with --map overrides applied: "enrolment=Class size" reads the enrolment from "Class size" alone. */
export function withReadingListOverrides(
  preset: ReadingListPreset,
  overrides: string[],
): ReadingListPreset | { error: string } {
  const columns = { ...preset.columns };
  for (const pair of overrides) {
    const at = pair.indexOf('=');
    const field = pair.slice(0, at).trim();
    const column = pair.slice(at + 1).trim();
    if (at < 1 || !column) return { error: `--map ${pair}: write field=column` };
    if (!(READING_LIST_FIELDS as readonly string[]).includes(field)) {
      return {
        error: `--map ${pair}: "${field}" is not a reading-list field; the fields are ${READING_LIST_FIELDS.join(', ')}`,
      };
    }
    columns[field as ReadingListField] = [column];
  }
  return { ...preset, columns };
}
