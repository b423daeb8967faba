// Alma (the Acquisitions API, "Authorization: apikey …" with Acquisitions read/write): an
// approved title becomes a one-time PO line (POST /almaws/v1/acq/po-lines), which Alma packages
// into a PO and sends to the vendor. No Alma schema is kept with the tests (its published copies
// carry no licence): the body follows the PO line fields Ex Libris documents, and the tests'
// stand-in checks those. Our key rides in the line's additional order reference, which a PO line
// search finds. Read back: the line's status (SENT: ordered), a copy's receive date (received)
// and the line closed once received (available). A requester's hold is a request on the record.
import { orderLines } from '../exports/order-lines.js';
import { type ConnectorDeps, type IlsConnector, IlsFailure, type IlsIds, ilsHttp } from './connector.js';

interface PoLine {
  number: string;
  status?: { value?: string };
  resource_metadata?: { mms_id?: { value?: string } | null };
  location?: { copy?: { receive_date?: string | null }[] }[];
}

const ORDERED = ['SENT', 'WAITING_FOR_INVOICE', 'WAITING_FOR_MANUAL_RENEWAL'];

export function almaConnector(deps: ConnectorDeps): IlsConnector {
  const { config, map } = deps;
  const http = ilsHttp(deps, 'Alma', { authorization: `apikey ${config.ILS_API_KEY}` });
  const ids = (line: PoLine): IlsIds => ({
    ilsId: line.number,
    ilsNumber: line.number,
    recordId: line.resource_metadata?.mms_id?.value ?? null,
  });
  return {
    name: 'alma',
    async push(order) {
      const [line] = orderLines(order.list, order.context);
      if (!line) throw new IlsFailure(`title ${order.titleId} is not on the buy list`, false);
      const { row, data } = line;
      const library = map.library ?? data.owningLibrary;
      // A vendor staff chose for the title comes first, then the map's, then ORDER_VENDOR.
      const vendor = row.vendor ?? map.vendor ?? data.vendor;
      if (!library || !vendor)
        throw new IlsFailure(
          'an Alma PO line needs its library and vendor: set "library" and "vendor" in ILS_MAP_FILE',
          false,
        );
      const fund = data.fund === null ? null : (map.funds.get(data.fund) ?? data.fund);
      const electronic = row.format === 'ebook';
      const created = await http.json<PoLine>('POST', '/almaws/v1/acq/po-lines', {
        owner: { value: library },
        type: { value: map.formats.get(row.format) ?? (electronic ? 'OTHER_OT' : 'PRINTED_BOOK_OT') },
        vendor: { value: vendor },
        vendor_account: vendor,
        acquisition_method: { value: 'PURCHASE' },
        additional_order_reference: order.key,
        resource_metadata: {
          title: line.title,
          ...(row.author ? { author: row.author } : {}),
          ...(row.isbn13 ? { isbn: row.isbn13 } : {}),
          ...(row.publisher ? { publisher: row.publisher } : {}),
          ...(row.year ? { publication_year: String(row.year) } : {}),
        },
        ...(row.price === null ? {} : { price: { sum: row.price.toFixed(2), currency: { value: row.currency } } }),
        ...(fund ? { fund_distribution: [{ fund_code: { value: fund }, percent: 100 }] } : {}),
        location: [
          {
            quantity: row.quantity,
            library: { value: library },
            ...(map.location ? { shelving_location: map.location } : {}),
          },
        ],
        note: line.notes.map((note_text) => ({ note_text })),
      });
      return ids(created);
    },
    async find(order) {
      const found = await http.json<{ po_line?: PoLine[]; total_record_count: number }>(
        'GET',
        `/almaws/v1/acq/po-lines?q=${encodeURIComponent(`additional_order_reference~${order.key}`)}&status=ALL`,
      );
      return found.po_line?.[0] ? ids(found.po_line[0]) : null;
    },
    async state(known) {
      const line = await http.maybe<PoLine>('GET', `/almaws/v1/acq/po-lines/${encodeURIComponent(known.ilsId)}`);
      if (!line) return { stage: 'cancelled', ilsStatus: 'deleted', reason: 'The PO line was deleted in Alma.' };
      const status = line.status?.value ?? 'IN_REVIEW';
      const base = { ilsStatus: status, ids: ids(line) };
      if (status === 'CANCELLED') return { ...base, stage: 'cancelled' };
      const received = (line.location ?? []).some((l) => (l.copy ?? []).some((c) => Boolean(c.receive_date)));
      if (received) return { ...base, stage: status === 'CLOSED' ? 'available' : 'received', holdable: true };
      return { ...base, stage: ORDERED.includes(status) || status === 'CLOSED' ? 'ordered' : 'sent', holdable: false };
    },
    async placeHold(known, requester) {
      if (!known.recordId) throw new IlsFailure('Alma has no record for the title yet', true);
      const pickup = map.pickup ?? map.library;
      if (!pickup) throw new IlsFailure('a hold needs a pickup library: set "pickup" in ILS_MAP_FILE', false);
      const user = encodeURIComponent(requester.cardNumber);
      const request = await http.json<{ request_id: string }>(
        'POST',
        `/almaws/v1/bibs/${encodeURIComponent(known.recordId)}/requests?user_id=${user}&user_id_type=all_unique&allow_same_request=false`,
        { request_type: 'HOLD', pickup_location_type: 'LIBRARY', pickup_location_library: pickup },
      );
      return request.request_id;
    },
    async ping() {
      await http.json('GET', '/almaws/v1/acq/po-lines?limit=1');
    },
  };
}
