// A synthetic, realistic loan history, for demos and benchmarks at sizes no library publishes.
// Real circulation has shapes a selector relies on, and the generator reproduces them:
// - a few titles take most loans (Zipf popularity within each discipline);
// - disciplines are weighted like a university's (the sciences and social sciences heavy, the
//   general works light) and some grow or decline year on year;
// - departments borrow mostly in their own disciplines;
// - term time is busy and the breaks are quiet, weekends quieter still.
// Everything comes from one seed: the same seed and sizes give the same loans, row for row.
import type { ClassificationData, Discipline, LccRange } from './classification.js';
import calculateCheckDigit from 'isbn3/lib/calculate_check_digit.js';
import { seededRandom, weightedPicker } from './random.js';

export interface HistoryPlan {
  seed: number;
  /** loans to generate */
  rows: number;
  /** titles the library owns and lends */
  titles: number;
  start: Date;
  end: Date;
  departments: { code: string; disciplines: string[] }[];
  classification: ClassificationData;
}

export interface CatalogueTitle {
  isbn13: string;
  callNumber: string;
  discipline: string;
  /** relative popularity within its discipline */
  popularity: number;
  items: number;
}

export interface GeneratedLoan {
  loanId: string;
  loanedAt: Date;
  isbn13: string;
  callNumber: string;
  department: string;
  category: string;
  /** what real exports carry and the importer must never store */
  patronId: string;
  patronBarcode: string;
}

const BROAD_WEIGHT: Record<Discipline['broad'], number> = {
  science: 1.3,
  engineering: 1.2,
  'social-sciences': 1.1,
  health: 1.0,
  humanities: 0.9,
  arts: 0.6,
  general: 0.15,
};

const CATEGORIES = [
  ['undergraduate', 0.58],
  ['graduate', 0.22],
  ['faculty', 0.1],
  ['staff', 0.05],
  ['public', 0.05],
] as const;

export interface LibraryModel {
  disciplines: string[];
  /** each discipline's share of borrowing, before trend */
  weight: number[];
  /** yearly growth of each discipline: 0.4 is 40% more loans a year */
  growth: number[];
  catalogue: CatalogueTitle[];
}

/** The library the history is drawn from: discipline weights and trends, and its catalogue. */
export function modelLibrary(
  plan: Pick<HistoryPlan, 'seed' | 'titles' | 'departments' | 'classification'>,
): LibraryModel {
  const random = seededRandom(plan.seed);
  const ranges = new Map<string, LccRange[]>();
  for (const range of plan.classification.lcc) {
    if (!ranges.has(range.discipline)) ranges.set(range.discipline, []);
    ranges.get(range.discipline)!.push(range);
  }
  const taught = new Set(plan.departments.flatMap((d) => d.disciplines));
  const disciplines = plan.classification.disciplines.filter((d) => ranges.has(d.code));
  const codes = disciplines.map((d) => d.code);
  const weight = disciplines.map(
    (d) => BROAD_WEIGHT[d.broad] * Math.exp(gaussian(random) * 0.6) * (taught.has(d.code) ? 3 : 1),
  );
  // Most disciplines drift a little; two rise steeply and two fall, so trends have something to find.
  const growth = disciplines.map(() => clamp(gaussian(random) * 0.1, -0.2, 0.25));
  const order = shuffle(
    codes.map((_, i) => i),
    random,
  );
  for (const i of order.slice(0, 2)) growth[i] = 0.35 + random() * 0.15;
  for (const i of order.slice(2, 4)) growth[i] = -(0.25 + random() * 0.1);

  const pickDiscipline = weightedPicker(weight);
  const seen = new Set<string>();
  const catalogue: CatalogueTitle[] = [];
  const perDiscipline = new Map<string, number>();
  for (let n = 0; n < plan.titles; n++) {
    const d = codes[pickDiscipline(random)]!;
    const rank = (perDiscipline.get(d) ?? 0) + 1;
    perDiscipline.set(d, rank);
    let isbn13: string;
    do isbn13 = randomIsbn13(random);
    while (seen.has(isbn13));
    seen.add(isbn13);
    const popularity = 1 / rank ** 1.1;
    catalogue.push({
      isbn13,
      callNumber: lccCallNumber(ranges.get(d)!, random),
      discipline: d,
      popularity,
      // Busy titles get more copies, as libraries buy them; the long tail has one.
      items: 1 + Math.floor(Math.min(6, popularity * 12 * random())),
    });
  }
  return { disciplines: codes, weight, growth, catalogue };
}

/** The loans, in date order. */
export function* generateLoanHistory(plan: HistoryPlan): Generator<GeneratedLoan> {
  const model = modelLibrary(plan);
  const random = seededRandom(plan.seed ^ 0x5f3759df);
  const { disciplines } = model;
  const index = new Map(disciplines.map((d, i) => [d, i]));

  const titlesOf = disciplines.map(() => [] as CatalogueTitle[]);
  for (const t of model.catalogue) titlesOf[index.get(t.discipline)!]!.push(t);
  const pickTitle = titlesOf.map((titles) => weightedPicker(titles.map((t) => t.popularity)));

  const departments = plan.departments.map((d) => ({
    code: d.code,
    own: d.disciplines.map((code) => index.get(code)).filter((i): i is number => i !== undefined),
  }));
  const patrons = makePatrons(Math.max(200, Math.round(plan.rows / 25)), departments.length, random);
  const pickPatron = weightedPicker(patrons.map((p) => p.activity));

  // Discipline choice changes month by month with each discipline's trend.
  const months = monthsBetween(plan.start, plan.end);
  const yearsFromStart = (month: number) => month / 12;
  const globalByMonth = months.map((_, m) =>
    weightedPicker(
      model.weight.map((w, i) => (titlesOf[i]!.length ? w * (1 + model.growth[i]!) ** yearsFromStart(m) : 0)),
    ),
  );
  const ownByMonth = months.map((_, m) =>
    departments.map((dept) =>
      dept.own.length
        ? weightedPicker(
            dept.own.map((i) =>
              titlesOf[i]!.length ? model.weight[i]! * (1 + model.growth[i]!) ** yearsFromStart(m) : 0,
            ),
          )
        : null,
    ),
  );

  const days = dayWeights(plan.start, plan.end);
  const total = days.reduce((s, d) => s + d.weight, 0);
  let cumulative = 0;
  let emitted = 0;
  let loanNumber = 0;
  for (const day of days) {
    cumulative += day.weight;
    const upTo = Math.round((cumulative / total) * plan.rows);
    const monthIndex =
      (day.date.getUTCFullYear() - plan.start.getUTCFullYear()) * 12 +
      day.date.getUTCMonth() -
      plan.start.getUTCMonth();
    // Times within the day, in order, between 08:00 and 22:00.
    const count = upTo - emitted;
    const times = Array.from({ length: count }, () => 8 * 3600_000 + Math.floor(random() * 14 * 3600_000)).sort(
      (a, b) => a - b,
    );
    for (const time of times) {
      const patron = patrons[pickPatron(random)]!;
      const dept = patron.department === null ? null : departments[patron.department]!;
      const own = dept ? ownByMonth[monthIndex]![patron.department!] : null;
      const d = own && random() < 0.7 ? dept!.own[own(random)]! : globalByMonth[monthIndex]!(random);
      const titles = titlesOf[d]!;
      const title = titles[pickTitle[d]!(random)]!;
      loanNumber++;
      yield {
        loanId: `L${String(loanNumber).padStart(9, '0')}`,
        loanedAt: new Date(day.date.getTime() + time),
        isbn13: title.isbn13,
        callNumber: title.callNumber,
        department: dept?.code ?? '',
        category: patron.category,
        patronId: patron.id,
        patronBarcode: patron.barcode,
      };
    }
    emitted = upTo;
  }
}

interface Patron {
  id: string;
  barcode: string;
  department: number | null;
  category: string;
  activity: number;
}

function makePatrons(count: number, departments: number, random: () => number): Patron[] {
  const pickCategory = weightedPicker(CATEGORIES.map(([, w]) => w));
  return Array.from({ length: count }, (_, n) => {
    const category = CATEGORIES[pickCategory(random)]![0];
    return {
      id: `P${String(n + 1).padStart(7, '0')}`,
      barcode: `21${String(Math.floor(random() * 1e12)).padStart(12, '0')}`,
      // Members of the public belong to no department.
      department: category === 'public' || departments === 0 ? null : Math.floor(random() * departments),
      category,
      // A few readers borrow a great deal; most borrow a little.
      activity: Math.exp(gaussian(random) * 1.0),
    };
  });
}

/**
 * How busy each day is. The academic year: autumn term from late September, the run-up to
 * exams busiest; a quiet winter break; spring term from mid-January to May; a long quiet
 * summer. Weekends see about 40% of a weekday.
 */
export function dayWeights(start: Date, end: Date): { date: Date; weight: number }[] {
  const out: { date: Date; weight: number }[] = [];
  for (
    let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    t <= end.getTime();
    t += 86_400_000
  ) {
    const date = new Date(t);
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    const md = month * 100 + day;
    let season: number;
    if (md >= 920 && md <= 1210) season = md >= 1110 ? 1.6 : 1.3;
    else if (md >= 1220 || md <= 110) season = 0.25;
    else if (md >= 115 && md <= 510) season = md >= 410 ? 1.5 : 1.25;
    else if (md >= 515 && md <= 910) season = 0.45;
    else season = 0.8;
    const weekday = date.getUTCDay();
    out.push({ date, weight: season * (weekday === 0 || weekday === 6 ? 0.4 : 1) });
  }
  return out;
}

function monthsBetween(start: Date, end: Date): string[] {
  const out: string[] = [];
  for (
    let y = start.getUTCFullYear(), m = start.getUTCMonth();
    y < end.getUTCFullYear() || (y === end.getUTCFullYear() && m <= end.getUTCMonth());
  ) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}

/** A call number inside one of the discipline's LC ranges, with a Cutter and a year. */
function lccCallNumber(ranges: LccRange[], random: () => number): string {
  const range = ranges[Math.floor(random() * ranges.length)]!;
  const cutter = `${String.fromCharCode(65 + Math.floor(random() * 26))}${10 + Math.floor(random() * 89)}`;
  const year = 1985 + Math.floor(random() * 41);
  // A range that starts inside a class number (QA76.73) is used as it starts.
  const whole = Number.isInteger(range.start);
  const number = whole ? range.start + Math.floor(random() * (Math.floor(range.stop - range.start) + 1)) : range.start;
  const decimal = whole && range.stop - range.start < 5 && random() < 0.7 ? `.${1 + Math.floor(random() * 9)}` : '';
  return `${range.prefix}${number}${decimal} .${cutter} ${year}`;
}

function randomIsbn13(random: () => number): string {
  let body = '978';
  for (let i = 0; i < 9; i++) body += Math.floor(random() * 10);
  return body + calculateCheckDigit(body);
}

function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
