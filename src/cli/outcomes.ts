// `r2b report outcomes` for a person at a terminal: the period's figures, then one line per
// department, the columns lined up.
import type { OutcomeSummary } from '../domain/outcomes.js';
import { findStatus, reasonText, statusName, type Workflow } from '../domain/workflow.js';
import type { OutcomesReport } from '../services/outcomes.js';
import { table } from './columns.js';

const days = (n: number | null) => (n === null ? '-' : `${n.toFixed(1)} d`);
const share = (n: number | null) => (n === null ? '-' : `${Math.round(n * 100)}%`);
const perTitle = (n: number | null) => (n === null ? '-' : n.toFixed(1));
const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);

function row(group: string, s: OutcomeSummary): string[] {
  return [
    group,
    String(s.titles),
    String(s.filled),
    share(s.fillRate),
    days(s.medianDaysToDecision),
    days(s.medianDaysToAvailable),
    perTitle(s.use12m.loansPerTitle),
    share(s.use12m.neverBorrowedShare),
  ];
}

export function outcomesText(report: OutcomesReport, workflow: Workflow): string {
  // Why requests ended unfilled, in the workflow's words: a status (held) or a reason (too expensive).
  const why = (code: string) =>
    findStatus(workflow, code) ? statusName(workflow, code, 'en') : reasonText(workflow, code, 'en');
  const s = report.summary;
  const period = `${report.from ? `from ${report.from} ` : ''}to ${report.to}`;
  const lines = [
    `Requests made ${period}${report.department ? `, department ${report.department}` : ''}`,
    `  ${s.titles} titles asked for in ${s.requests} requests: ${s.filled} bought and on the shelf, ${s.open} still open`,
    `  fill rate ${share(s.fillRate)} of the requests that have ended` +
      (Object.keys(s.notFilled).length
        ? ` (not filled: ${Object.entries(s.notFilled)
            .map(([code, n]) => `${why(code)} ${n}`)
            .join(', ')})`
        : ''),
    `  days to a decision: median ${days(s.medianDaysToDecision)}, 90% within ${days(s.p90DaysToDecision)}`,
    `  days to the shelf: median ${days(s.medianDaysToAvailable)}, 90% within ${days(s.p90DaysToAvailable)}`,
    `  use in the first 6 months: ${perTitle(s.use6m.loansPerTitle)} loans a title over ${s.use6m.titles} titles, ${share(s.use6m.neverBorrowedShare)} never borrowed`,
    `  use in the first 12 months: ${perTitle(s.use12m.loansPerTitle)} loans a title over ${s.use12m.titles} titles, ${share(s.use12m.neverBorrowedShare)} never borrowed`,
    `  spent: ${
      Object.entries(s.spent)
        .map(([currency, amount]) => money(amount, currency))
        .join(' + ') || 'nothing'
    }; cost per loan: ${s.costPerLoan ? money(s.costPerLoan.amount, s.costPerLoan.currency) : '-'}`,
    `  requesters said it was what they needed: ${s.feedback.yes} yes, ${s.feedback.no} no`,
    report.ranking.spearman
      ? `  the ranking at decision against use: Spearman ${report.ranking.spearman.value.toFixed(2)} (95% interval ${report.ranking.spearman.low.toFixed(2)} to ${report.ranking.spearman.high.toFixed(2)}) over ${report.ranking.titles} titles`
      : `  the ranking at decision against use: too few titles measured yet (${report.ranking.titles})`,
  ];
  const c = report.comparison;
  lines.push(
    c
      ? `  against the other acquisitions in the same disciplines since ${c.since}: ${perTitle(c.others.loansPerTitle)} loans a title over ${c.others.titles} titles` +
          (c.difference
            ? `; difference ${c.difference.value.toFixed(1)} (95% interval ${c.difference.low.toFixed(1)} to ${c.difference.high.toFixed(1)})`
            : '')
      : '  against the other acquisitions: none to compare with (holdings need an acquired date, an ISBN and a year on the shelf)',
  );
  if (report.by.department.length) {
    lines.push('', 'By department:');
    lines.push(
      table([
        ['department', 'titles', 'filled', 'rate', 'to decision', 'to shelf', 'loans/title', 'unused'],
        ...report.by.department.map((g) => row(g.group, g.summary)),
      ]),
    );
  }
  return lines.join('\n');
}
