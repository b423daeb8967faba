// A library's own settings beyond the environment variables: its workflow, its scoring weights,
// its selectors' assignments. Each is JSON checked by its zod schema; on Node it comes from a
// file (WORKFLOW_FILE …), on Workers, which have no files, from a variable (WORKFLOW_JSON …).
import type { z } from 'zod';
import { type Config, ConfigError } from './config.js';
import { type IlsMap, kohaOrderMapProblems } from './domain/ils-map.js';

/** The checked settings, or a ConfigError naming the variable (and file) and every problem. */
export function checkLibrarySettings<T>(json: unknown, source: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`${source} is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Settings given as JSON text in a variable; the default when the variable is not set. */
export function librarySettingsFromText<T>(
  text: string | undefined,
  variable: string,
  schema: z.ZodType<T>,
  fallback: T,
): T {
  if (text === undefined) return fallback;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${variable} is not JSON: ${(error as Error).message}`);
  }
  return checkLibrarySettings(json, variable, schema);
}

/** The ILS map as the ILS settings need it: Koha's order mode names its basket and funds. */
export function checkIlsMap(config: Config, map: IlsMap, source: string): IlsMap {
  if (config.ILS !== 'koha' || config.KOHA_MODE !== 'order') return map;
  const problems = kohaOrderMapProblems(map);
  if (problems.length)
    throw new ConfigError(
      `KOHA_MODE=order needs ${source} to say where order lines go:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  return map;
}
