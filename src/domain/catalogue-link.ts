// CATALOGUE_URL: the library's catalogue page for a book it holds, from a template with
// {isbn} (the ISBN-13) and {record} (the ILS's record id: Koha's biblionumber, Alma's MMS id).
// A link is made only when every placeholder it uses is known: a search for the ISBN always
// is; a record page only when the holdings import kept the record's id.

export const CATALOGUE_PLACEHOLDERS = ['{isbn}', '{record}'] as const;

export function catalogueLink(
  template: string | undefined,
  book: { isbn13: string | null; recordId: string | null },
): string | null {
  if (!template) return null;
  const values: Record<(typeof CATALOGUE_PLACEHOLDERS)[number], string | null> = {
    '{isbn}': book.isbn13,
    '{record}': book.recordId,
  };
  let url = template;
  for (const placeholder of CATALOGUE_PLACEHOLDERS) {
    if (!url.includes(placeholder)) continue;
    const value = values[placeholder];
    if (value === null) return null;
    url = url.replaceAll(placeholder, encodeURIComponent(value));
  }
  return url;
}
