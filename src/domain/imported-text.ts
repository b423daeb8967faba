// What an imported name may hold. Department codes and patron categories come from ILS exports
// and spreadsheets, and go on to pages, digests, CSV exports and terminals: a control character
// in one (a NUL from a broken export, an escape sequence, a bell) is damage, never meaning, so
// the row is refused and said by its line rather than stored or silently "cleaned" into a
// value nobody wrote.

const CONTROL = /\p{Cc}/u;

/** Why `value` cannot be stored as the `field` of an imported row, or null if it can. */
export function controlCharacterIn(field: string, value: string | null | undefined): string | null {
  const found = value ? CONTROL.exec(value) : null;
  if (!found) return null;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `${field} holds a control character (U+${code}) at character ${found.index + 1}`;
}
