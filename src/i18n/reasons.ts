// The words of why a title ranks where it does: the domain chooses the reasons and their
// figures (src/domain/score-reason.ts); here they become one line in the reader's language.
import type { Locale } from '../domain/locale.js';
import {
  money,
  type ReasonContext,
  type ReasonValues,
  type ScoreReason,
  scoreReasons,
  strongestReasons,
} from '../domain/score-reason.js';
import type { Score, TitleFacts } from '../domain/scoring.js';
import type { Catalog } from './en.js';
import { type MessageKey, t } from './index.js';

// Each reason's figures are what its message takes, so a reason and its words cannot drift apart.
type Worded = Exclude<keyof ReasonValues, 'price' | 'noPrice'>;
type Disagreeing = {
  [K in Worded]: ReasonValues[K] extends Parameters<Catalog[`reason.${K}`]>[0] ? never : K;
}[Worded];
const agrees: [Disagreeing] extends [never] ? true : Disagreeing = true;
void agrees;

export function wordReason(reason: ScoreReason, locale: Locale, currency: string | null): string {
  if (reason.code === 'price')
    return t(locale, 'reason.price', { price: money(reason.values.amount, currency, locale) });
  if (reason.code === 'noPrice') return t(locale, 'reason.noPrice');
  const say = t as (locale: Locale, key: MessageKey, values: unknown) => string;
  return say(locale, `reason.${reason.code}`, reason.values);
}

/** The reasons as one line: "3 requesters, 2 faculty · for HIST 210, 45 students · …". */
export function explainScore(
  score: Score,
  facts: TitleFacts,
  ctx: ReasonContext & { locale: Locale; currency: string | null },
): string {
  return reasonLine(scoreReasons(score, facts, ctx), ctx);
}

/** The buy list's compact line: the two or three strongest reasons only. */
export function summarizeScore(
  score: Score,
  facts: TitleFacts,
  ctx: ReasonContext & { locale: Locale; currency: string | null },
): string {
  return reasonLine(strongestReasons(scoreReasons(score, facts, ctx)), ctx);
}

function reasonLine(reasons: ScoreReason[], ctx: { locale: Locale; currency: string | null }): string {
  return reasons.map((reason) => wordReason(reason, ctx.locale, ctx.currency)).join(t(ctx.locale, 'reason.separator'));
}
