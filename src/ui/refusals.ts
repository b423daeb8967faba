// What a page says when intake refuses a suggestion because the library has the book or the
// patron is at a limit: one wording for the suggestion form and the catalogue's one click.
import type { Config } from '../config.js';
import type { ApiError } from '../errors.js';
import { formatDate } from './components.js';
import type { Page } from './context.js';

/**
 * The sentence and status of a held or over-limit refusal; null for any other error. `openLimit`
 * says the patron is at the open limit, where withdrawing one of theirs frees a slot at once.
 */
export function intakeRefusal(
  error: ApiError,
  page: Page,
  config: Pick<Config, 'SUGGEST_MAX_OPEN' | 'SUGGEST_MAX_RECENT' | 'SUGGEST_RECENT_DAYS'>,
): { message: string; status: 409 | 429; openLimit: boolean } | null {
  const { tr } = page;
  if (error.type === 'already-held') {
    const where = error.extensions['where'];
    return {
      message: typeof where === 'string' ? tr('ui.suggest.held', { where }) : tr('ui.suggest.heldNoWhere'),
      status: 409,
      openLimit: false,
    };
  }
  if (error.type === 'suggestion-limit') {
    const retryAt = error.extensions['retryAt'];
    return {
      message:
        error.extensions['limit'] === 'open'
          ? tr('ui.suggest.limitOpen', { max: config.SUGGEST_MAX_OPEN })
          : tr('ui.suggest.limitRecent', {
              max: config.SUGGEST_MAX_RECENT,
              days: config.SUGGEST_RECENT_DAYS,
              from: typeof retryAt === 'string' ? formatDate(page.locale, new Date(retryAt)) : '',
            }),
      status: 429,
      openLimit: error.extensions['limit'] === 'open',
    };
  }
  return null;
}
