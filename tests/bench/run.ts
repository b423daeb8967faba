// `npm run bench`: every benchmark, each figure beside its reference measured in the same run.
// `npm run bench -- --quick` runs everything at a tenth of the size (CI runs it so the suite
// cannot rot); it asserts nothing about time.
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

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.error(`recommend-to-buy benchmarks${quick ? ' (quick: a tenth of the size)' : ''} on ${machine}`);

const figures: Figure[] = [];
console.error('- POST /api/v1/suggestions over HTTP ...');
figures.push(...(await benchSuggestions(scale)));

console.error('- loan import ...');
figures.push(...(await benchImport(scale)));

console.error('- enrichment against the replay server ...');
figures.push(...(await benchEnrichment(scale)));

console.error('- scoring and the buy list ...');
figures.push(...(await benchScoring(scale)));

console.error('- the outcomes report over a year ...');
figures.push(...(await benchOutcomes(scale)));

console.error('- the ILS outbox against a stand-in Koha ...');
figures.push(...(await benchIlsOutbox(scale)));

console.error('- the same requests on Workers (wrangler dev, local D1) ...');
figures.push(...(await benchWorkers(scale, figures)));

console.log(renderTable(figures));
for (const f of figures) if (f.note) console.log(`  ${f.figure}: ${f.note}`);
