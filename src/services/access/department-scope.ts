// What part of the library a request may be about. A liaison speaks for one department: its
// suggestions, the titles it asked for, its buy list and its digest, never another's. The one
// rule for every route that takes a department, so none of them can drift from the others.
import type { Principal } from '../../context.js';
import { type Action, reachOf } from '../../domain/access.js';
import { ApiError } from '../../errors.js';

/**
 * The department to answer for: their own, for a role whose reach for `action` is its department
 * (asking for another is refused, 403); for everyone else, the one asked for, or none (the whole library).
 */
export function departmentScope(principal: Principal, action: Action, asked: string | undefined): string | undefined {
  if (reachOf(principal.role, action) !== 'department') return asked;
  const own = principal.departmentCode;
  if (!own) throw new ApiError('forbidden', 'This liaison token speaks for no department; ask for one that does.');
  if (asked !== undefined && asked !== own) {
    throw new ApiError('forbidden', `A liaison sees their own department (${own}), not ${asked}.`);
  }
  return own;
}
