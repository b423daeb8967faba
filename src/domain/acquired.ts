// When the library acquired a book, as the catalogue says it: an item's accession date where
// the ILS exports one (Koha's 952 $d), else the day the record was entered, which for a book
// bought new is within weeks of its arrival (MARC21 008/00-05, UNIMARC 100 $a/0-7). Each
// reader returns YYYY-MM-DD, or null for anything that is not a real day.

function day(year: number, month: number, date: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, date));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return null;
  return d.toISOString().slice(0, 10);
}

/** YYYY-MM-DD, YYYYMMDD, or YYYY-MM (the first of the month), as exports write a date; a time after it is ignored. */
export function acquiredFromText(text: string | null | undefined): string | null {
  const m = /^\s*(\d{4})-?(\d{2})(?:-?(\d{2}))?(?:[T\s].*)?$/.exec(text ?? '');
  if (!m) return null;
  return day(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1);
}

/**
 * MARC21 008/00-05, the date entered on file as yymmdd. MARC began in 1968, so 68-99 are the
 * 1900s and the rest the 2000s.
 */
export function acquiredFrom008(field: string | null | undefined): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})/.exec(field ?? '');
  if (!m) return null;
  const yy = Number(m[1]);
  return day(yy >= 68 ? 1900 + yy : 2000 + yy, Number(m[2]), Number(m[3]));
}

/** UNIMARC 100 $a/0-7, the date entered on file as YYYYMMDD. */
export function acquiredFromUnimarc100(general: string | null | undefined): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(general ?? '');
  return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** The earliest of several days (the first copy to arrive), or null. */
export function earliest(days: (string | null)[]): string | null {
  return days.filter((d): d is string => d !== null).sort()[0] ?? null;
}
