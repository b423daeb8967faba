// FOLIO (Okapi, X-Okapi-Tenant and X-Okapi-Token of a user with the Orders permissions): an
// approved title becomes a composite purchase order of one PO line, built by the same builder
// as the buy list's FOLIO export (exports/buylist-folio.ts), pending for acquisitions staff to
// open. Our key is the order's own id, so an attempt whose answer was lost is found by a GET.
// Read back: the order's workflow status (Open: ordered) and the line's receipt status
// (received); the copy is available when its item's status says so. A title-level request
// (FOLIO's hold) is placed for each requester who asked once the line is received.
import { buyListFolioOrder } from '../exports/buylist-folio.js';
import { type ConnectorDeps, type IlsConnector, IlsFailure, type IlsIds, ilsHttp } from './connector.js';

interface CompositeOrder {
  id: string;
  poNumber?: string;
  workflowStatus?: string;
  closeReason?: { reason?: string };
  poLines?: { id: string; poLineNumber?: string; receiptStatus?: string; instanceId?: string | null }[];
}

export function folioConnector(deps: ConnectorDeps): IlsConnector {
  const { config, map } = deps;
  const http = ilsHttp(deps, 'FOLIO', { 'x-okapi-tenant': config.ILS_TENANT!, 'x-okapi-token': config.ILS_TOKEN! });
  const ids = (order: CompositeOrder): IlsIds => {
    const line = order.poLines?.[0];
    return {
      ilsId: order.id,
      ilsNumber: order.poNumber ?? null,
      lineId: line?.id ?? null,
      lineNumber: line?.poLineNumber ?? null,
      recordId: line?.instanceId ?? null,
    };
  };
  return {
    name: 'folio',
    async push(order) {
      const folio = {
        FOLIO_VENDOR_ID: config.FOLIO_VENDOR_ID,
        FOLIO_ACQUISITION_METHOD_ID: config.FOLIO_ACQUISITION_METHOD_ID,
        FOLIO_FUND_IDS: map.funds.size ? map.funds : config.FOLIO_FUND_IDS,
      };
      let body: Record<string, unknown>;
      try {
        body = buyListFolioOrder(order.list, { ...order.context, folio, scope: `title ${order.titleId}` });
      } catch (error) {
        throw new IlsFailure((error as Error).message, false);
      }
      const lines = (body.poLines as Record<string, unknown>[]).map((line) => ({
        ...line,
        ...(map.location ? { locations: [{ locationId: map.location, ...copies(line) }] } : {}),
      }));
      const created = await http.json<CompositeOrder>('POST', '/orders/composite-orders', {
        ...body,
        id: order.key,
        poLines: lines,
      });
      return ids(created);
    },
    async find(order) {
      const found = await http.maybe<CompositeOrder>('GET', `/orders/composite-orders/${order.key}`);
      return found ? ids(found) : null;
    },
    async state(known) {
      const order = await http.maybe<CompositeOrder>('GET', `/orders/composite-orders/${known.ilsId}`);
      if (!order)
        return { stage: 'cancelled', ilsStatus: 'deleted', reason: 'The purchase order was deleted in FOLIO.' };
      const found = ids(order);
      const receipt = order.poLines?.[0]?.receiptStatus ?? 'Pending';
      const ilsStatus = `${order.workflowStatus ?? 'Pending'}: ${receipt}`;
      const base = { ilsStatus, ids: found };
      if (order.workflowStatus === 'Closed' && order.closeReason?.reason === 'Cancelled')
        return { ...base, stage: 'cancelled', reason: null };
      if (receipt === 'Partially Received' || receipt === 'Fully Received') {
        const items = await http.json<{ items: { status?: { name?: string } }[] }>(
          'GET',
          `/inventory/items?query=${encodeURIComponent(`purchaseOrderLineIdentifier=="${found.lineId}"`)}`,
        );
        const available = items.items.some((item) => item.status?.name === 'Available');
        return { ...base, stage: available ? 'available' : 'received', holdable: true };
      }
      return { ...base, stage: order.workflowStatus === 'Open' ? 'ordered' : 'sent', holdable: false };
    },
    async placeHold(known, requester) {
      if (!map.pickup)
        throw new IlsFailure('a request needs a pickup service point: set "pickup" in ILS_MAP_FILE', false);
      const users = await http.json<{ users: { id: string }[] }>(
        'GET',
        `/users?query=${encodeURIComponent(`barcode=="${requester.cardNumber}"`)}`,
      );
      const user = users.users[0];
      if (!user) throw new IlsFailure(`FOLIO has no user with the barcode ${requester.cardNumber}`, false);
      const existing = await http.json<{ requests: { id: string }[] }>(
        'GET',
        `/circulation/requests?query=${encodeURIComponent(`requesterId=="${user.id}" and instanceId=="${known.recordId}"`)}`,
      );
      if (existing.requests[0]) return existing.requests[0].id;
      const request = await http.json<{ id: string }>('POST', '/circulation/requests', {
        requestLevel: 'Title',
        requestType: 'Page',
        instanceId: known.recordId,
        requesterId: user.id,
        requestDate: deps.clock().toISOString(),
        fulfillmentPreference: 'Hold Shelf',
        pickupServicePointId: map.pickup,
      });
      return request.id;
    },
    async ping() {
      await http.json('GET', '/orders/composite-orders?limit=0');
    },
  };
}

/** A location holds the line's copies, physical or electronic as the line's cost counts them. */
function copies(line: Record<string, unknown>): Record<string, number> {
  const cost = line.cost as { quantityPhysical?: number; quantityElectronic?: number };
  return cost.quantityElectronic
    ? { quantityElectronic: cost.quantityElectronic }
    : { quantityPhysical: cost.quantityPhysical ?? 1 };
}
