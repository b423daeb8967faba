// What a patron says of their request beyond the book, checked against the library's offer and
// the calendar: the rules the API's schema cannot know (they depend on the settings and the
// clock), the same at intake and when the patron changes their request.

/** Gutenberg's Bible: no edition a patron can mean is older. */
export const FIRST_PRINTED_YEAR = 1450;
/** Publishers announce a year or so ahead; a year further off is a slip of the keyboard. */
const YEARS_AHEAD = 2;

export interface Offer {
  /** the formats the library lets patrons ask for */
  formats: readonly string[];
  /** the branches one may collect at; none means the library does not ask */
  branches: readonly string[];
}

export interface RequestDetailsToCheck {
  format?: string | undefined;
  needBy?: string | null | undefined;
  year?: number | null | undefined;
  pickupBranch?: string | null | undefined;
}

export interface DetailProblem {
  field: 'format' | 'needBy' | 'year' | 'pickupBranch';
  problem: 'past' | 'future' | 'not-offered';
  detail: string;
}

export function detailProblems(details: RequestDetailsToCheck, now: Date, offer: Offer): DetailProblem[] {
  const problems: DetailProblem[] = [];
  const { format, needBy, year, pickupBranch } = details;
  if (format !== undefined && !offer.formats.includes(format)) {
    problems.push({
      field: 'format',
      problem: 'not-offered',
      detail: `This library does not offer ${format}; ask for one of ${offer.formats.join(', ')}.`,
    });
  }
  if (needBy && needBy < now.toISOString().slice(0, 10)) {
    problems.push({
      field: 'needBy',
      problem: 'past',
      detail: `The date the book is needed by (${needBy}) has passed.`,
    });
  }
  if (year != null && year > now.getUTCFullYear() + YEARS_AHEAD) {
    problems.push({ field: 'year', problem: 'future', detail: `The year ${year} is too far ahead to be an edition.` });
  }
  if (pickupBranch != null && !offer.branches.includes(pickupBranch)) {
    problems.push({
      field: 'pickupBranch',
      problem: 'not-offered',
      detail: offer.branches.length
        ? `There is no branch ${pickupBranch} to collect it at; choose one of ${offer.branches.join(', ')}.`
        : 'This library has no branches to choose from; leave the pickup branch out.',
    });
  }
  return problems;
}

/** The edition a requester means, in one line as a catalogue writes it ("2nd ed. Prentice Hall, 2008. (Series)"), or null. */
export function editionLine(details: {
  publisher: string | null;
  publishedYear: number | null;
  edition: string | null;
  series: string | null;
}): string | null {
  const imprint = [details.publisher, details.publishedYear].filter((p) => p !== null && p !== '').join(', ');
  const parts = [details.edition, imprint, details.series === null ? null : `(${details.series})`];
  const line = parts.filter((p) => p !== null && p !== '').join('. ');
  return line === '' ? null : line;
}
