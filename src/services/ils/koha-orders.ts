// Koha's order mode (KOHA_MODE=order): an approved title becomes an order line in the basket
// staff opened for the vendor, as if a selector had added it there. Koha orders a record, so
// the push makes a brief one first (POST /biblios, MARCXML, editcatalogue), written by the
// same rules as our Koha MARC order records (exports/buylist-marc.ts), then the order line
// (POST /acquisitions/orders, acquisition order_manage). The record's id is stored as soon as
// Koha gives it, and the order line carries our key in its internal note, so a push cut off
// between the two requests, or after either, makes neither twice when it is tried again.
//
// The order line's status is Koha's word for where the title is: new while the basket is
// open, ordered once staff close it (the order went to the vendor), partial or complete as
// copies are received, cancelled.
import { briefRecordXml } from '../exports/buylist-marc.js';
import type { OrderLine } from '../exports/order-lines.js';
import { type ConnectorDeps, type IlsConnector, IlsFailure, type IlsIds, type IlsOrder } from './connector.js';
import type { KohaApi } from './koha.js';

/** Koha's order (definitions/order.yaml), the fields read here. */
interface KohaOrder {
  order_id: number;
  basket_id?: number | null;
  biblio_id?: number | null;
  status: 'new' | 'ordered' | 'partial' | 'complete' | 'cancelled';
  cancellation_reason?: string | null;
}

// Koha refuses a record its FindDuplicate matches (the ISBN, or title and author) unless told
// it is not a duplicate, and says which record it matched.
const DUPLICATE = /"Duplicate biblio (\d+)"/;

export function kohaOrders(koha: KohaApi, deps: ConnectorDeps): Pick<IlsConnector, 'push' | 'find' | 'state'> {
  const { map } = deps;
  const { http, api } = koha;
  const ids = (o: KohaOrder): IlsIds => ({
    // The basket is Koha's purchase order and the order its line; the order number is both the
    // line's id and what staff look it up by.
    ilsId: String(o.basket_id ?? map.basket),
    ilsNumber: String(o.order_id),
    lineId: String(o.order_id),
    recordId: o.biblio_id == null ? null : String(o.biblio_id),
  });

  /**
   * The title's record in Koha. Never sent as "not a duplicate": Koha's own duplicate check is
   * how a retry finds the record an attempt made when its answer was lost, and how a title the
   * catalogue already has a record for is ordered on that record rather than on a second one.
   */
  async function record(order: IlsOrder, line: OrderLine): Promise<string> {
    if (order.known.recordId) return order.known.recordId;
    let biblioId: string;
    try {
      const made = await http.send<{ id: number }>('POST', api('/biblios'), {
        type: 'application/marcxml+xml',
        text: briefRecordXml(line, order.context),
        headers: { 'x-record-schema': 'MARC21' },
      });
      biblioId = String(made.id);
    } catch (error) {
      const duplicate = error instanceof IlsFailure && error.status === 400 ? DUPLICATE.exec(error.answer ?? '') : null;
      if (!duplicate) throw error;
      biblioId = duplicate[1]!;
    }
    await order.remember({ recordId: biblioId });
    return biblioId;
  }

  return {
    async push(order) {
      const line = koha.lineOf(order);
      const { row, data } = line;
      // Checked at start (kohaOrderMapProblems): the basket and every mapped fund are numbers.
      const fund = data.fund === null ? undefined : map.funds.get(data.fund);
      if (fund === undefined)
        throw new IlsFailure(
          data.fund === null
            ? `"${line.title}" has no fund to order from: set ORDER_DEFAULT_FUND, or give its department a fund`
            : `"${line.title}" is ordered from the fund ${data.fund}, which has no Koha fund_id in "funds" of the ILS map`,
          false,
        );
      const biblioId = await record(order, line);
      // Koha's REST API works out none of the costs from another, as the basket's form does: with
      // no discount or tax known, each is the price we know, and the fund commits ecost_tax_included.
      const price = row.price;
      const body = {
        basket_id: Number(map.basket),
        biblio_id: Number(biblioId),
        fund_id: Number(fund),
        quantity: Number(data.quantity),
        currency: row.currency,
        list_price: price,
        rrp: price,
        rrp_tax_included: price,
        ecost: price,
        ecost_tax_included: price,
        // Koha lists the lines of uncertain price for staff to settle before the basket closes.
        uncertain_price: price === null,
        internal_note: koha.keyNote(order.key),
        vendor_note: data.note,
      };
      return ids(await http.json<KohaOrder>('POST', api('/acquisitions/orders'), body));
    },
    async find(order) {
      // In any basket: staff may have moved the line, or the map may name the next basket by now.
      const q = JSON.stringify({ internal_note: koha.keyNote(order.key) });
      const found = await http.json<KohaOrder[]>('GET', api(`/acquisitions/orders?q=${encodeURIComponent(q)}`));
      return found[0] ? ids(found[0]) : null;
    },
    async state(known) {
      const o = await http.maybe<KohaOrder>('GET', api(`/acquisitions/orders/${encodeURIComponent(known.lineId!)}`));
      if (!o)
        return {
          stage: 'cancelled',
          ilsStatus: 'deleted',
          reason: 'The order line was deleted in Koha.',
          holdable: false,
        };
      const found = ids(o);
      // Holds wait for the order to go to the vendor, the moment a suggestion's record would
      // appear, and none goes on the record of a line cancelled.
      const base = { ilsStatus: o.status, ids: found, holdable: o.status !== 'new' && o.status !== 'cancelled' };
      if (o.status === 'cancelled') return { ...base, stage: 'cancelled', reason: o.cancellation_reason ?? null };
      if (o.status === 'new') return { ...base, stage: 'sent' };
      if (o.status === 'ordered' || !found.recordId) return { ...base, stage: 'ordered' };
      return { ...base, stage: await koha.shelved(found.recordId) };
    },
  };
}
