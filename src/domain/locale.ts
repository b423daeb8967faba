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
