// "The library already has it": a patron who would rather borrow it than suggest it may place a
// hold from the form, where the ILS connector can place one and the holdings import kept the
// record's id. What happened is an outcome the page says in the patron's words, never a 500.
import type { Deps, Principal } from '../../context.js';
import { type HeldBook, heldByLibrary, identifyWork } from '../suggestions.js';
import { IlsFailure } from './connector.js';
import { ilsConnector } from './index.js';

export type HoldOutcome =
  /** the ILS has a hold for the patron on the record: just placed, or one they had */
  | 'placed'
  /** the ILS did not answer, or answered that it could not now: trying again later may work */
  | 'later'
  /** the ILS refused it (no such card, holds not allowed on the record): a person must look */
  | 'refused'
  /** no hold can be placed here: no ILS, no record known, or the book is not held */
  | 'unavailable';

/** Where a hold can go, or nothing: the ILS set, and the record of the copies known. */
export function mayPlaceHold(deps: Deps, held: HeldBook | null): held is HeldBook & { recordId: string } {
  return deps.config.ILS !== 'none' && held !== null && held.recordId !== null;
}

export async function placeHoldOnHeldBook(
  deps: Deps,
  principal: Principal,
  isbn: string,
  pickup: string | null,
): Promise<HoldOutcome> {
  const patron = principal.patron;
  const connector = ilsConnector(deps);
  if (!patron || !connector) return 'unavailable';
  const held = await heldByLibrary(deps, identifyWork({ isbn }));
  if (!mayPlaceHold(deps, held)) return 'unavailable';
  const branch = deps.config.PICKUP_BRANCHES.some((b) => b.code === pickup) ? pickup : null;
  try {
    await connector.placeHold(
      { ilsId: held.recordId, recordId: held.recordId },
      { cardNumber: patron.externalId, pickup: branch },
    );
    return 'placed';
  } catch (error) {
    if (!(error instanceof IlsFailure)) throw error;
    deps.logger.warn('a hold on a held book was not placed', { error: error.message, record: held.recordId });
    return error.retry ? 'later' : 'refused';
  }
}
