// The three languages the service speaks, and how the tags people's systems send map to them.
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Map a language tag (BCP 47, as identity providers and browsers send it) to one of ours.
 * zh-TW, zh-HK and zh-MO read Traditional characters; other Chinese tags read Simplified.
 * Returns null for a language we do not speak, so the caller can try the next preference.
 */
export function toLocale(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower === '') return null;
  if (lower.startsWith('zh')) {
    if (/^zh(-hant|-tw|-hk|-mo)/.test(lower)) return 'zh-Hant';
    return 'zh-Hans';
  }
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/**
 * The first of a browser's Accept-Language preferences (by q, then by order) that we speak:
 * "fr-CA, zh-TW;q=0.8, en;q=0.5" reads Traditional Chinese. Null when none is ours.
 */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), order };
    })
    .filter((p) => p.tag !== '' && p.tag !== '*' && Number.isFinite(p.q) && p.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag } of ranked) {
    const locale = toLocale(tag);
    if (locale) return locale;
  }
  return null;
}
