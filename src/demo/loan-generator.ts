// A synthetic, realistic loan history, for demos and benchmarks at sizes no library publishes.
// Real circulation has shapes a selector relies on, and the generator reproduces them:
// - a few titles take most loans (Zipf popularity within each discipline);
// - disciplines are weighted like a university's (the sciences and social sciences heavy, the
//   general works light) and some grow or decline year on year;
// - departments borrow mostly in their own disciplines;
// - term time is busy and the breaks are quiet, weekends quieter still.
// Everything comes from one seed: the same seed and sizes give the same loans, row for row.
import type { ClassificationData, Discipline, LccRange } from '../domain/classification.js';
import calculateCheckDigit from 'isbn3/lib/calculate_check_digit.js';
import { seededRandom, weightedPicker } from '../domain/random.js';

export interface HistoryPlan {
  seed: number;
  /** titles bought in the year before `asOf`, each first requested by patrons (for the backtest) */
  acquisitions?: { count: number; asOf: Date } | undefined;
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
  /** when the library bought it, for titles bought during the history; lent only after */
  acquiredAt?: Date;
  /** set as course reading by the faculty member who asked for it */
  adopted?: boolean;
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

const DAY = 86_400_000;

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
  plan: Pick<HistoryPlan, 'seed' | 'titles' | 'departments' | 'classification' | 'acquisitions'>,
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

  // The collection was built for yesterday's priorities, so it does not match today's use: the
  // gap is what a use factor measures.
  const pickDiscipline = weightedPicker(weight.map((w) => w * Math.exp(gaussian(random) * 0.5)));
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
  if (plan.acquisitions) {
    const { count, asOf } = plan.acquisitions;
    for (const title of shuffle([...catalogue], random).slice(0, count)) {
      title.acquiredAt = new Date(asOf.getTime() - (15 + random() * 350) * DAY);
      // Some are set as course reading by the faculty who asked for them: students then
      // borrow them far more than their popularity alone would say.
      if (random() < 0.2) {
        title.adopted = true;
        title.popularity *= 4;
      }
    }
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
  const always = model.catalogue.filter((t) => !t.acquiredAt);
  const standIn: Record<number | 'global', CatalogueTitle | undefined> = { global: always[0] };
  titlesOf.forEach((titles, i) => (standIn[i] = titles.find((t) => !t.acquiredAt)));

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
      const when = new Date(day.date.getTime() + time);
      let title = titles[pickTitle[d]!(random)]!;
      // A book bought during the history is lent only from the day it arrived; after a few
      // draws of books not yet bought, a book the library always had stands in.
      for (let tries = 0; title.acquiredAt && title.acquiredAt > when; tries++) {
        title = tries < 20 ? titles[pickTitle[d]!(random)]! : (standIn[d] ?? standIn.global)!;
      }
      loanNumber++;
      yield {
        loanId: `L${String(loanNumber).padStart(9, '0')}`,
        loanedAt: when,
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

export interface GeneratedRequest {
  requestedAt: Date;
  patronId: string;
  category: string;
  department: string;
  isbn13: string;
  /** bought: the date the library decided, its acquisition date */
  decidedAt: Date;
}

/**
 * The requests behind the titles bought during the history: more requesters for titles more
 * people want (popular within a busy, growing discipline), mostly from the departments that
 * read in it, made in the months before the purchase. What the backtest ranks.
 */
export function generateRequests(plan: HistoryPlan): GeneratedRequest[] {
  const model = modelLibrary(plan);
  const random = seededRandom(plan.seed ^ 0x2545f491);
  const asOf = plan.acquisitions?.asOf ?? plan.end;
  const index = new Map(model.disciplines.map((d, i) => [d, i]));
  const patrons = makePatrons(2000, plan.departments.length, random);
  const readers = (discipline: string) => {
    const depts = plan.departments.flatMap((d, i) => (d.disciplines.includes(discipline) ? [i] : []));
    return patrons.filter((p) => p.department !== null && depts.includes(p.department));
  };
  const years = (asOf.getTime() - plan.start.getTime()) / (365 * DAY);
  const acquired = model.catalogue.filter((t) => t.acquiredAt);
  const interest = acquired.map((t) => {
    const i = index.get(t.discipline)!;
    return t.popularity * model.weight[i]! * (1 + model.growth[i]!) ** years;
  });
  const median = [...interest].sort((a, b) => a - b)[Math.floor(interest.length / 2)] ?? 1;
  const out: GeneratedRequest[] = [];
  acquired.forEach((title, n) => {
    const lambda = Math.min(12, 2.5 * Math.sqrt(interest[n]! / median));
    const count = 1 + poisson(lambda, random);
    const own = readers(title.discipline);
    const chosen = new Set<Patron>();
    // A course adoption starts with a request from the teacher.
    const teachers = own.filter((p) => p.category === 'faculty');
    if (title.adopted && teachers.length) chosen.add(teachers[Math.floor(random() * teachers.length)]!);
    while (chosen.size < Math.min(count, patrons.length)) {
      const pool = own.length && random() < 0.7 ? own : patrons;
      chosen.add(pool[Math.floor(random() * pool.length)]!);
    }
    for (const patron of chosen) {
      out.push({
        requestedAt: new Date(title.acquiredAt!.getTime() - (3 + random() * 87) * DAY),
        patronId: patron.id,
        category: patron.category,
        department: patron.department === null ? '' : plan.departments[patron.department]!.code,
        isbn13: title.isbn13,
        decidedAt: title.acquiredAt!,
      });
    }
  });
  return out.sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
}

function poisson(lambda: number, random: () => number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
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
