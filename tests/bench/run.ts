// `npm run bench`: every benchmark, each figure beside its reference measured in the same run.
// `npm run bench -- --quick` runs everything at a tenth of the size (CI runs it so the suite
// cannot rot); it asserts nothing about time. `--only import,outcomes` runs only those groups.
// Each group prints its own table as soon as it is measured, so a run stopped part way keeps
// what it measured; the whole table comes again at the end.
import { cpus, totalmem } from 'node:os';
import { benchEnrichment } from './enrich.bench.js';
import { benchIlsOutbox } from './ils.bench.js';
import { benchImport } from './import.bench.js';
import { benchOutcomes } from './outcomes.bench.js';
import { benchScoring } from './score.bench.js';
import { benchSuggestions } from './suggestions.bench.js';
import { benchWorkers } from './workers.bench.js';
import { type Figure, renderTable } from './table.js';

const quick = process.argv.includes('--quick');
const scale = quick ? 0.1 : 1;
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : null;

const groups: { name: string; title: string; run: (scale: number, before: Figure[]) => Promise<Figure[]> }[] = [
  { name: 'suggestions', title: 'POST /api/v1/suggestions over HTTP', run: benchSuggestions },
  { name: 'import', title: 'loan import', run: benchImport },
  { name: 'enrich', title: 'enrichment against the replay server', run: benchEnrichment },
  { name: 'score', title: 'scoring and the buy list', run: benchScoring },
  { name: 'outcomes', title: 'the outcomes report over a year', run: benchOutcomes },
  { name: 'ils', title: 'the ILS outbox against a stand-in Koha', run: benchIlsOutbox },
  { name: 'workers', title: 'the same requests on Workers (wrangler dev, local D1)', run: benchWorkers },
];
const unknown = [...(only ?? [])].filter((name) => !groups.some((g) => g.name === name));
if (unknown.length > 0) {
  console.error(
    `No benchmark group called ${unknown.join(', ')}; the groups are ${groups.map((g) => g.name).join(', ')}.`,
  );
  process.exit(2);
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.error(`recommend-to-buy benchmarks${quick ? ' (quick: a tenth of the size)' : ''} on ${machine}`);

const figures: Figure[] = [];
for (const group of groups) {
  if (only && !only.has(group.name)) continue;
  console.error(`- ${group.title} ...`);
  const started = Date.now();
  const measured = await group.run(scale, figures);
  figures.push(...measured);
  console.log(`\n${group.title} (${((Date.now() - started) / 1000).toFixed(0)} s):\n${renderTable(measured)}`);
}

console.log(`\nAll figures:\n${renderTable(figures)}`);
for (const f of figures) if (f.note) console.log(`  ${f.figure}: ${f.note}`);
