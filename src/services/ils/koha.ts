// Koha (REST API v1, HTTP basic auth as a staff user). KOHA_MODE says what an approved title
// becomes. A purchase suggestion (suggestions_manage), by default: acquisitions staff order it
// from their basket as they do any suggestion ("from a suggestion" in the basket); Koha moves
// it to ORDERED when it is ordered and to AVAILABLE when the order is received, and sets its
// biblio_id. Or an order line in the basket staff opened for the vendor (koha-orders.ts). Either
// way the copy is on the shelf when one of the record's items is loanable, and holds are placed
// on that record. Bodies follow Koha's swagger (definitions/suggestion.yaml, order.yaml,
// paths/holds.yaml, paths/biblios.yaml), which the tests validate every request against.
import { type OrderLine, orderLines } from '../exports/order-lines.js';
import {
  type ConnectorDeps,
  type IlsConnector,
  IlsFailure,
  type IlsHttp,
  type IlsIds,
  type IlsOrder,
  type IlsStage,
  ilsHttp,
} from './connector.js';
import { kohaOrders } from './koha-orders.js';

interface Suggestion {
  suggestion_id: number;
  status: string;
  biblio_id?: number | null;
  reason?: string | null;
}

/** What both modes share: the API, our key's note, the title's line, and the record's items. */
export interface KohaApi {
  http: IlsHttp;
  api(path: string): string;
  /** our key, in the staff-only note a search can find it by */
  keyNote(key: string): string;
  lineOf(order: IlsOrder): OrderLine;
  /** received, or on the shelf once one of the record's items is loanable */
  shelved(biblioId: string): Promise<Extract<IlsStage, 'received' | 'available'>>;
}

export function kohaConnector(deps: ConnectorDeps): IlsConnector {
  const { config, map } = deps;
  const auth = btoa(`${config.ILS_USERNAME}:${config.ILS_PASSWORD}`);
  const http = ilsHttp(deps, 'Koha', { authorization: `Basic ${auth}` });
  const api = (path: string) => `/api/v1${path}`;
  const koha: KohaApi = {
    http,
    api,
    keyNote: (key) => `recommend-to-buy ${key}`,
    lineOf(order) {
      const [line] = orderLines(order.list, order.context);
      if (!line) throw new IlsFailure(`title ${order.titleId} is not on the buy list`, false);
      return line;
    },
    async shelved(biblioId) {
      // Received items stay "not for loan" (negative: on order, in processing) until cataloguing lets them out.
      const items = await http.json<{ item_id: number; not_for_loan_status?: number | null }[]>(
        'GET',
        api(`/biblios/${biblioId}/items`),
      );
      return items.some((item) => !item.not_for_loan_status) ? 'available' : 'received';
    },
  };
  const ids = (s: Suggestion): IlsIds => ({
    ilsId: String(s.suggestion_id),
    recordId: s.biblio_id == null ? null : String(s.biblio_id),
  });
  const suggestions: Pick<IlsConnector, 'push' | 'find' | 'state'> = {
    async push(order) {
      const line = koha.lineOf(order);
      const { row, data } = line;
      const budget = data.fund === null ? undefined : map.funds.get(data.fund);
      if (data.fund !== null && budget !== undefined && !/^\d+$/.test(budget))
        throw new IlsFailure(`the fund ${data.fund} maps to "${budget}", and Koha's budget_id is a number`, false);
      const body = {
        title: line.title,
        author: row.author,
        isbn: row.isbn13,
        publisher_code: row.publisher,
        publication_year: row.year === null ? null : String(row.year),
        item_price: row.price,
        currency: row.currency,
        quantity: data.quantity,
        ...(budget ? { budget_id: Number(budget) } : {}),
        library_id: map.library ?? data.owningLibrary,
        item_type: map.formats.get(row.format) ?? data.itemType,
        patron_reason: order.patronReason,
        note: line.notes.join(' '),
        staff_note: koha.keyNote(order.key),
        status: 'ACCEPTED',
      };
      const created = await http.json<Suggestion>('POST', api('/suggestions'), body);
      return ids(created);
    },
    async find(order) {
      const q = JSON.stringify({ staff_note: koha.keyNote(order.key) });
      const found = await http.json<Suggestion[]>('GET', api(`/suggestions?q=${encodeURIComponent(q)}`));
      return found[0] ? ids(found[0]) : null;
    },
    async state(known) {
      const s = await http.maybe<Suggestion>('GET', api(`/suggestions/${encodeURIComponent(known.ilsId)}`));
      if (!s) return { stage: 'cancelled', ilsStatus: 'deleted', reason: 'The suggestion was deleted in Koha.' };
      const found = ids(s);
      const base = { ilsStatus: s.status, ids: found };
      if (s.status === 'REJECTED') return { ...base, stage: 'cancelled', reason: s.reason ?? null };
      if (s.status === 'ORDERED') return { ...base, stage: 'ordered' };
      if (s.status !== 'AVAILABLE' || !found.recordId) return { ...base, stage: 'sent' };
      return { ...base, stage: await koha.shelved(found.recordId) };
    },
  };
  const orders = kohaOrders(koha, deps);
  const pushing = config.KOHA_MODE === 'order' ? orders : suggestions;

  return {
    name: 'koha',
    push: pushing.push,
    find: pushing.find,
    // Read by what the title was sent as, not by today's mode: titles sent before a library
    // changed KOHA_MODE are still followed. Only order lines have a line id.
    state: (known) => (known.lineId ? orders.state(known) : suggestions.state(known)),
    async placeHold(known, requester) {
      if (!known.recordId) throw new IlsFailure('Koha has no record for the title yet', true);
      const pickup = requester.pickup || map.pickup || map.library || config.ORDER_OWNING_LIBRARY;
      if (!pickup) throw new IlsFailure('a hold needs a pickup library: set "pickup" in ILS_MAP_FILE', false);
      const q = JSON.stringify({ cardnumber: requester.cardNumber });
      const [patron] = await http.json<{ patron_id: number }[]>('GET', api(`/patrons?q=${encodeURIComponent(q)}`));
      if (!patron) throw new IlsFailure(`Koha has no patron with the card number ${requester.cardNumber}`, false);
      const biblio = Number(known.recordId);
      const existing = await http.json<{ hold_id: number }[]>(
        'GET',
        api(`/holds?patron_id=${patron.patron_id}&biblio_id=${biblio}`),
      );
      if (existing[0]) return String(existing[0].hold_id);
      const hold = await http.json<{ hold_id: number }>('POST', api('/holds'), {
        patron_id: patron.patron_id,
        biblio_id: biblio,
        pickup_library_id: pickup,
        notes: 'recommend-to-buy: the requester asked for a hold when suggesting this title',
      });
      return String(hold.hold_id);
    },
    async ping() {
      // The operation the mode needs, so that a user without its permission shows on /readyz.
      await http.json(
        'GET',
        api(config.KOHA_MODE === 'order' ? '/acquisitions/orders?_per_page=1' : '/suggestions?_per_page=1'),
      );
    },
  };
}
