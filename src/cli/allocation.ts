// `r2b allocation` for a person at a terminal: the split as a table whose columns line up,
// what it was made of, and what counted for no department.
import { ALLOCATION_PARTS, type AllocationPart, percent, signedPercent } from '../domain/allocation.js';
import type { AllocationReport } from '../services/allocation.js';
import { table } from './columns.js';

const NOTES: Record<string, string> = {
  'no-disciplines': 'no disciplines',
  'no-loans': 'no loans',
  'no-budget': 'no budget',
  floor: 'mostly the floor',
};

export function allocationText(report: AllocationReport): string {
  const money = (n: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: report.currency }).format(n);
  const signed = (n: number) => (n > 0 ? `+${money(n)}` : n < 0 ? `-${money(-n)}` : money(0));
  const pct = (share: number) => percent(share, 'en');
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const { window, library } = report;

  const total =
    report.total === null
      ? 'Suggested shares (no total given, and no department has a budget)'
      : `Suggested split of ${money(report.total)}${report.totalFrom === 'budgets' ? " (the departments' budgets now)" : ''}`;
  const header = [
    'code',
    'department',
    'loans',
    'books',
    'use',
    ...(report.trend ? ['trend'] : []),
    'spend',
    'budget now',
    'suggested',
    ...(report.total === null ? [] : ['amount', 'change']),
    'notes',
  ];
  const rows = report.departments.map((d) => [
    d.code,
    d.name,
    `${count(d.loans)} (${pct(d.loanShare)})`,
    pct(d.holdingShare),
    d.useFactor === null ? '-' : d.useFactor.toFixed(1),
    ...(report.trend ? [d.trend === null ? '-' : signedPercent(d.trend)] : []),
    library.spend > 0 ? pct(d.spendShare) : '-',
    d.budget === null ? '-' : `${money(d.budget)} (${pct(d.budgetShare)})`,
    pct(d.suggestedShare),
    ...(report.total === null ? [] : [money(d.suggested ?? 0), d.change === null ? '-' : signed(d.change)]),
    d.notes.map((n) => NOTES[n] ?? n).join(', '),
  ]);
  const names: Record<AllocationPart, string> = { loans: 'loans', budget: 'budgets now', spend: 'spend' };
  const weights = ALLOCATION_PARTS.filter((part) => report.basis[part] > 0)
    .map((part) => `${names[part]} ${report.basis[part] < 0.01 ? 'under 1%' : pct(report.basis[part])}`)
    .join(', ');
  return [
    `${total}, from the loans and purchases of ${window.from} to ${window.to} (${window.months} months)`,
    '',
    report.departments.length ? table([header, ...rows]) : 'No departments: import them with `r2b import departments`.',
    '',
    `Formula: ${weights || 'nothing to go on: an even split'}; × use factor^${report.settings.useFactor}; ` +
      `every department gets at least ${pct(report.settings.floor)} of an equal share.`,
    `Counted for no department: ${count(library.unattributed.loans)} loans without one in disciplines no department reads, ` +
      `${count(library.unattributed.items)} items in such disciplines, ${money(library.unattributed.spend)} of purchases.` +
      (library.unpricedTitles ? ` ${library.unpricedTitles} titles bought without a price in ${report.currency}.` : ''),
    ...(report.trend
      ? []
      : [`No trend: the loans imported do not cover the ${window.months} months before ${window.from}.`]),
  ].join('\n');
}
