// Columns that line up on a terminal whatever the script: 王伟 takes four columns, not two, as
// Chinese, Japanese and Korean characters are drawn twice as wide as Latin ones.
import stringWidth from 'string-width';

/** `text` followed by spaces up to `columns` terminal columns. */
export function padColumn(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - stringWidth(text)));
}

/** Rows as a table of columns two spaces apart, each as wide as its widest cell. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => stringWidth(r[i] ?? ''))));
  return rows
    .map((r) =>
      r
        .map((cell, i) => padColumn(cell, widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
