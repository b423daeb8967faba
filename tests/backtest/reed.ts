// `npm run backtest:reed`: docs/ranking.md's backtest tables, from Reed College's checkout year.
// Prints Markdown: for each as-of date, every ranking with its 95% bootstrap intervals; then
// what `r2b tune` does with the four periods.
import { backtestCandidates } from '../../src/analysis/backtest-candidates.js';
import { fileSource } from '../../src/node/file-source.js';
import { tune } from '../../src/analysis/tune.js';
import { REED_AS_OF } from './reed-log.js';
import { reedLibrary } from './reed-library.js';

const cell = (i: { value: number; low: number; high: number }) =>
  `${i.value.toFixed(2)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]`;

const reed = await reedLibrary();
try {
  for (const date of REED_AS_OF) {
    const report = await backtestCandidates(reed.h.deps, fileSource(reed.candidates.get(date)!), {
      asOf: new Date(`${date}T00:00:00Z`),
    });
    console.log(
      `\n**As of ${date}**: ${report.candidates} titles, ${report.used} used (${report.truthLoans} loans) from 30 days after to ${report.until}; evidence for ${Object.entries(
        report.coverage,
      )
        .filter(([, n]) => n)
        .map(([name, n]) => `${name} ${n}`)
        .join(', ')}\n`,
    );
    console.log('| ranking | Spearman | P@20 | NDCG@20 | Spearman minus the score’s |');
    console.log('|---|---|---|---|---|');
    for (const m of report.metrics!) {
      console.log(
        `| ${m.name} | ${cell(m.metrics.spearman)} | ${cell(m.metrics.precision)} | ${cell(m.metrics.ndcg)} | ${m.versusReference ? cell(m.versusReference.spearman) : ''} |`,
      );
    }
  }
  const tuned = await tune(reed.h.deps, {
    periods: REED_AS_OF.map((date) => ({
      asOf: new Date(`${date}T00:00:00Z`),
      source: fileSource(reed.candidates.get(date)!),
    })),
  });
  console.log('\n**Tuning** (held-out Spearman of each period, weights fitted on the periods before it)\n');
  console.log('| test period | defaults | fitted |\n|---|---|---|');
  for (const f of tuned.folds) console.log(`| ${f.test} | ${f.defaults.toFixed(3)} | ${f.tuned.toFixed(3)} |`);
  console.log(
    '\n| component | default | fitted on all four | held-out gain per period | kept |\n|---|---|---|---|---|',
  );
  for (const v of tuned.verdicts) {
    console.log(
      `| ${v.component} | ${v.default} | ${v.fitted} | ${v.gains.join(', ')} | ${tuned.proposed[v.component]} |`,
    );
  }
  console.log(`\nNot measurable here: ${tuned.unmeasured.join(', ')}.`);
} finally {
  reed.h.close();
}
