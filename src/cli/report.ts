// What `r2b import` shows a person: a progress line that redraws itself on a terminal, and a
// summary at the end. Scripts ask for --json instead.
import { type ImportSummary, type Progress, readsRecords } from '../services/imports/import-run.js';

const number = (n: number) => n.toLocaleString('en-US');

/** A progress callback that redraws one line on stderr, at most ten times a second. */
export function progressLine(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): ((p: Progress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  const started = performance.now();
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < 100 && p.bytes < p.totalBytes) return;
    last = now;
    const seconds = (now - started) / 1000;
    const share = p.totalBytes ? p.bytes / p.totalBytes : 0;
    const rate = seconds > 0 ? p.records / seconds : 0;
    const eta = share > 0 && share < 1 ? ` about ${Math.ceil((seconds / share) * (1 - share))} s left` : '';
    stream.write(
      `\r${label}: ${(share * 100).toFixed(0).padStart(3)}%  ${number(p.records)} rows  ${number(Math.round(rate))} rows/s${eta}\x1b[K`,
    );
    if (p.bytes >= p.totalBytes) stream.write('\n');
  };
}

export function summaryText(s: ImportSummary): string {
  const noun = readsRecords(s.kind) ? 'records' : 'rows';
  const lines = [`${s.kind} from ${s.file}${s.alreadyImported ? '' : ` in ${s.seconds.toFixed(1)} s`}`];
  if (s.alreadyImported) {
    lines.push('  already imported completely: nothing to do');
    return lines.join('\n');
  }
  if (s.resumedAfter > 0) lines.push(`  resumed after ${number(s.resumedAfter)} ${noun} committed by an earlier run`);
  lines.push(
    `  read ${number(s.read)} ${noun}: ${number(s.imported)} imported, ${number(s.rejected)} rejected` +
      (s.skipped ? `, ${number(s.skipped)} already in the database` : ''),
  );
  for (const w of s.warnings) lines.push(`  note: ${w}`);
  if (s.rejections.length) {
    lines.push(`  rejected${s.rejected > s.rejections.length ? ` (first ${s.rejections.length})` : ''}:`);
    for (const r of s.rejections) lines.push(`    ${readsRecords(s.kind) ? 'record' : 'line'} ${r.line}: ${r.reason}`);
  }
  if (s.failed) lines.push(`  stopped: ${s.failed}`);
  return lines.join('\n');
}

/** The summary as scripts read it: {"read","imported","rejected","rejections":[{"line","reason"}], ...}. */
export function summaryJson(s: ImportSummary): string {
  return JSON.stringify(s);
}
