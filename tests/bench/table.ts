// The one table `npm run bench` prints: each figure beside its reference from the same run.
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  reference?: { label: string; value: number };
  /** the aim for value/reference (or for value, when `aimOn` is 'value') */
  aim?: { op: '>=' | '<='; target: number; on: 'ratio' | 'value' };
  note?: string;
}

/** The middle of several rounds: single runs on a shared machine differ by half. */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export function ratio(f: Figure): number | null {
  return f.reference && f.reference.value !== 0 ? f.value / f.reference.value : null;
}

export function met(f: Figure): boolean | null {
  if (!f.aim) return null;
  const x = f.aim.on === 'ratio' ? ratio(f) : f.value;
  if (x === null) return null;
  return f.aim.op === '>=' ? x >= f.aim.target : x <= f.aim.target;
}

const num = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2));

export function renderTable(figures: Figure[]): string {
  const rows = [
    ['figure', 'value', 'reference', 'ratio', 'aim', 'met'],
    ...figures.map((f) => {
      const r = ratio(f);
      const m = met(f);
      return [
        f.figure,
        `${num(f.value)} ${f.unit}`,
        f.reference ? `${num(f.reference.value)} ${f.unit} (${f.reference.label})` : '',
        r === null ? '' : r.toFixed(2),
        f.aim ? `${f.aim.on === 'ratio' ? 'ratio' : 'value'} ${f.aim.op} ${f.aim.target}` : '',
        m === null ? '' : m ? 'yes' : 'no',
      ];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
