// The benchmarks' temporary folders: a library of 10,000,000 loans is gigabytes, so every folder
// a benchmark makes is removed when the run ends, however it ends (its last group done, an
// error, or Ctrl-C), not left to fill the disk run after run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folders = new Set<string>();

/** A new folder under the system's temporary folder, removed when the process exits. */
export function scratchFolder(name: string): string {
  if (folders.size === 0) {
    process.once('exit', removeAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  }
  const folder = mkdtempSync(join(tmpdir(), `r2b-bench-${name}-`));
  folders.add(folder);
  return folder;
}

/** Removes a folder now, when a group is done with it (a full run would hold every group's). */
export function removeScratch(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  folders.delete(folder);
}

function removeAll(): void {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
