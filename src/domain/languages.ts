// The languages a title can be in, as far as a catalogue record needs to know them: the code
// MARC writes (008/35-37, UNIMARC 101) and the articles a catalogue files a title without
// ("The Structure of Scientific Revolutions" files under S). Providers name a language by
// ISO 639-1 ("en", "zh-CN", Google Books) or, from catalogues, by its MARC code ("eng", "chi").
//
// The articles are the definite and indefinite ones in the nominative that libraries skip
// (the Library of Congress's list of initial articles), for the languages whose titles a
// recommend-to-buy library meets most; the union of all of them also keys titles typed without
// an ISBN (work-key.ts), so a word added here changes which suggestions pool.

interface Language {
  /** the MARC 21 / UNIMARC code */
  marc: string;
  /** other codes the same language goes by */
  aliases: readonly string[];
  /** lower case; an article ending in an apostrophe (l') joins the next word without a space */
  articles: readonly string[];
}

const LANGUAGES: Readonly<Record<string, Language>> = {
  en: { marc: 'eng', aliases: [], articles: ['the', 'a', 'an'] },
  fr: { marc: 'fre', aliases: ['fra'], articles: ['le', 'la', 'les', "l'"] },
  es: { marc: 'spa', aliases: [], articles: ['el', 'la', 'los', 'las'] },
  de: { marc: 'ger', aliases: ['deu'], articles: ['der', 'die', 'das'] },
  it: { marc: 'ita', aliases: [], articles: ['il', 'lo', 'la', 'gli', "l'"] },
  // Chinese, Japanese, Korean and Russian titles have no articles to skip.
  zh: { marc: 'chi', aliases: ['zho'], articles: [] },
  ja: { marc: 'jpn', aliases: [], articles: [] },
  ko: { marc: 'kor', aliases: [], articles: [] },
  ru: { marc: 'rus', aliases: [], articles: [] },
};

/** The language a provider's or a catalogue's code names ("en-GB", "eng", "zh-CN"), if we know it. */
function languageOf(code: string | null | undefined): Language | null {
  const primary = (code ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === '') return null;
  return (
    LANGUAGES[primary] ??
    Object.values(LANGUAGES).find((l) => l.marc === primary || l.aliases.includes(primary)) ??
    null
  );
}

/** The MARC code of a language ("und", undetermined, when it is not known). */
export function marcLanguage(code: string | null | undefined): string {
  return languageOf(code)?.marc ?? 'und';
}

function articlePattern(articles: readonly string[], apostrophe = "'"): string {
  const alternatives = [...new Set(articles)].map((a) =>
    a.endsWith("'") ? `${a.slice(0, -1)}${apostrophe}` : `${a}\\s+`,
  );
  return alternatives.length ? `(?:${alternatives.join('|')})` : '(?!)';
}

/**
 * Any language's leading article, on text folded to lower case: for titles people type
 * without saying their language.
 */
export const ANY_LEADING_ARTICLE = new RegExp(
  `^${articlePattern(Object.values(LANGUAGES).flatMap((l) => l.articles))}`,
);

// Punctuation a catalogue skips with the article: the quote or bracket before it.
const OPENING_MARKS = `["'“‘«¿¡(\\[]*`;

/**
 * How many characters a catalogue skips at the start of a title before filing it: MARC 21's
 * 245 second indicator ("The Structure…" 4, "L'étranger" 2, "Der Process" 4), the opening
 * quote counted with the article. A title in a language we do not know is read as English,
 * whose articles a word in another language rarely is the first word of a title ("Die Hard"
 * is then filed under D). At most 9, which is all the indicator holds.
 */
export function nonFilingCharacters(title: string, language: string | null | undefined): number {
  const articles = (languageOf(language) ?? LANGUAGES.en!).articles;
  if (articles.length === 0) return 0;
  const match = new RegExp(`^${OPENING_MARKS}${articlePattern(articles, "['’]")}`, 'iu').exec(title);
  // A title that is nothing but its article ("The") files under the article.
  if (!match || match[0].length >= title.trimEnd().length) return 0;
  return Math.min([...match[0]].length, 9);
}
