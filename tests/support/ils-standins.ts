// Stand-in ILSs for the connector tests: real HTTP servers on 127.0.0.1 that keep records as
// the ILS would, check every request body against the ILS's own published schema (Koha's
// swagger files, FOLIO's acq-models JSON schemas, in ../shared/data/ils-specs) with ajv, and
// answer with bodies those schemas accept; Koha's POST /biblios, whose body is a MARC record,
// has its headers and Content-Type checked against the path and its MARCXML read by YAZ. A
// request the schema refuses is answered 400 and kept in `refused`, which each test expects
// empty. Faults are set per test: the ILS down, slow, failing with a status, or making the
// record and then answering too late.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { folioSchemas, yazCheck } from './order-checks.js';

const SPECS = new URL('../../../shared/data/ils-specs/', import.meta.url);

export interface Fault {
  /** requests matching this (method and path prefix, "POST /api/v1/suggestions") */
  on: string;
  /** answer with this status instead, the request not acted on */
  status?: number;
  /** act on the request, then answer after this long (past the client's timeout: the answer is lost) */
  delayMs?: number;
  /** how many requests it applies to */
  times: number;
}

export interface StandIn {
  url: string;
  /** every request, as "METHOD /path?query" */
  log: string[];
  /** requests the schema refused, with ajv's reasons */
  refused: { request: string; errors: string }[];
  faults: Fault[];
  /** stop answering (connection refused) until up() */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
}) => {
  status: number;
  body?: unknown;
};

async function serve(
  handler: Handler,
  check: (
    method: string,
    path: string,
    body: unknown,
    headers: IncomingMessage['headers'],
  ) => string | null | Promise<string | null>,
): Promise<StandIn> {
  const log: string[] = [];
  const refused: StandIn['refused'] = [];
  const faults: Fault[] = [];
  let port = 0;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const line = `${method} ${url.pathname}${url.search}`;
      log.push(line);
      const answer = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const fault = faults.find((f) => f.times > 0 && `${method} ${url.pathname}`.startsWith(f.on));
      if (fault) fault.times--;
      if (fault?.status) return answer(fault.status, { error: 'stand-in fault' });
      // A body that says it is not JSON (Koha's MARCXML records) is kept as text for the check.
      const text = Buffer.concat(chunks).toString('utf8');
      const json = !req.headers['content-type'] || req.headers['content-type'].startsWith('application/json');
      let body: unknown;
      try {
        body = chunks.length ? (json ? JSON.parse(text) : text) : undefined;
      } catch {
        refused.push({ request: line, errors: 'not JSON' });
        return answer(400, { error: 'not JSON' });
      }
      const problem = body === undefined ? null : await check(method, url.pathname, body, req.headers);
      if (problem) {
        refused.push({ request: line, errors: problem });
        return answer(400, { error: problem });
      }
      const result = handler({ method, path: url.pathname, query: url.searchParams, body, headers: req.headers });
      if (fault?.delayMs) setTimeout(() => answer(result.status, result.body), fault.delayMs);
      else answer(result.status, result.body);
    });
  };
  let server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    refused,
    faults,
    down: stop,
    async up() {
      server = createServer(listener);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

const ajvErrors = (v: ValidateFunction) =>
  (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');

function kohaYaml(path: string): Record<string, unknown> {
  return parse(readFileSync(new URL(`koha/api/v1/swagger/${path}`, SPECS), 'utf8'));
}

type Parameter = { $ref?: string; name?: string; in?: string; schema?: object; type?: string; enum?: unknown[] };

/**
 * Koha's suggestion, hold, hold-placing and order schemas (Swagger 2.0: JSON Schema with type
 * lists), and the headers POST /biblios declares (paths/biblios.yaml, its parameters in
 * swagger.yaml), as one object schema that allows no other x- header.
 */
export function kohaSchemas() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const holdsPaths = kohaYaml('paths/holds.yaml') as Record<string, Record<string, { parameters: Parameter[] }>>;
  const biblios = kohaYaml('paths/biblios.yaml') as Record<string, Record<string, { parameters: Parameter[] }>>;
  const shared = kohaYaml('swagger.yaml').parameters as Record<string, Parameter>;
  const headers = biblios['/biblios']!.post!.parameters.map((p) =>
    p.$ref ? shared[p.$ref.replace('../swagger.yaml#/parameters/', '')]! : p,
  );
  const header = (p: Parameter) => ({ type: p.type, ...(p.enum ? { enum: p.enum } : {}) });
  // Headers are text: the integer x-confirm-not-duplicate is "1".
  const headerAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
  return {
    suggestion: ajv.compile(kohaYaml('definitions/suggestion.yaml')),
    hold: ajv.compile(kohaYaml('definitions/hold.yaml')),
    placeHold: ajv.compile(holdsPaths['/holds']!.post!.parameters.find((p) => p.schema)!.schema!),
    order: ajv.compile(kohaYaml('definitions/order.yaml')),
    addBiblioHeaders: headerAjv.compile({
      type: 'object',
      properties: Object.fromEntries(headers.filter((p) => p.in === 'header').map((p) => [p.name!, header(p)])),
      // Only the x- headers are checked: any the operation does not declare is refused.
      additionalProperties: false,
    }),
  };
}

// What Koha's addBiblio reads by Content-Type (paths/biblios.yaml, its description).
const MARC_TYPES = ['application/marcxml+xml', 'application/marc-in-json', 'application/marc'];

/** A MARCXML subfield's text, for the stand-in's duplicate check (the ISBN, the title). */
function subfield(xml: string, tag: string, code: string): string | null {
  const field = new RegExp(`<datafield tag="${tag}"[^>]*>([\\s\\S]*?)</datafield>`).exec(xml)?.[1];
  return field ? (new RegExp(`<subfield code="${code}">([^<]*)</subfield>`).exec(field)?.[1] ?? null) : null;
}

/** Why Koha would refuse this POST /biblios, or null: its headers, its Content-Type, a record YAZ reads. */
async function biblioProblem(body: unknown, headers: IncomingMessage['headers'], validate: ValidateFunction) {
  const type = headers['content-type']?.split(';')[0];
  if (!type || !MARC_TYPES.includes(type)) return `Content-Type ${type} is none of ${MARC_TYPES.join(', ')}`;
  if (type !== 'application/marcxml+xml') return `the stand-in reads only MARCXML, not ${type}`;
  const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('x-')));
  if (!validate(sent)) return `headers: ${ajvErrors(validate)}`;
  const yaz = await yazCheck(Buffer.from(String(body), 'utf8'), 'marcxml');
  if (yaz.code !== 0 || yaz.records !== 1 || yaz.warnings.length)
    return `not one MARC21 record: YAZ read ${yaz.records} (exit ${yaz.code}) ${yaz.warnings.join('; ')}`;
  return null;
}

export interface KohaStandIn extends StandIn {
  suggestions: Map<number, Record<string, unknown>>;
  holds: Record<string, unknown>[];
  /** items of each biblio: not_for_loan_status -1 is "on order" */
  items: Map<number, { item_id: number; not_for_loan_status: number }[]>;
  patrons: Map<string, number>;
  /** what acquisitions staff do in Koha: order the suggestion (making its record), receive, catalogue */
  order(suggestionId: number): number;
  receive(suggestionId: number): void;
  shelve(suggestionId: number): void;
  /** records made through POST /biblios, as the MARCXML sent */
  biblios: Map<number, string>;
  /** order lines, as Koha answers for them */
  orders: Map<number, Record<string, unknown>>;
  /** what staff do with an order line in Koha: close its basket, receive it (its items on order), catalogue them */
  closeBasket(basketId: number): void;
  receiveOrder(orderId: number): void;
  shelveRecord(biblioId: number): void;
}

export async function kohaStandIn(): Promise<KohaStandIn> {
  const schemas = kohaSchemas();
  const suggestions = new Map<number, Record<string, unknown>>();
  const holds: Record<string, unknown>[] = [];
  const items = new Map<number, { item_id: number; not_for_loan_status: number }[]>();
  const patrons = new Map<string, number>();
  const biblios = new Map<number, string>();
  const orders = new Map<number, Record<string, unknown>>();
  let next = 100;
  // Koha's FindDuplicate: the same ISBN, or with none the same title.
  const duplicateOf = (xml: string) => {
    const key = (record: string) => subfield(record, '020', 'a') ?? `title:${subfield(record, '245', 'a')}`;
    return [...biblios].find(([, record]) => key(record) === key(xml))?.[0];
  };
  const respond = (validate: ValidateFunction, status: number, body: Record<string, unknown>) => {
    if (!validate(body)) throw new Error(`the Koha stand-in answered outside Koha's schema: ${ajvErrors(validate)}`);
    return { status, body };
  };
  const standIn = await serve(
    ({ method, path, query, body, headers }) => {
      if (headers.authorization !== `Basic ${btoa('r2b:secret')}`)
        return { status: 401, body: { error: 'Authentication failure.' } };
      const q = query.get('q') ? (JSON.parse(query.get('q')!) as Record<string, unknown>) : {};
      const matches = (record: Record<string, unknown>) => Object.entries(q).every(([k, v]) => record[k] === v);
      if (method === 'POST' && path === '/api/v1/suggestions') {
        const id = next++;
        const record = { ...(body as object), suggestion_id: id, suggestion_date: '2026-03-02', biblio_id: null };
        suggestions.set(id, record);
        return respond(schemas.suggestion, 201, record);
      }
      if (method === 'GET' && path === '/api/v1/suggestions')
        return { status: 200, body: [...suggestions.values()].filter(matches) };
      const one = path.match(/^\/api\/v1\/suggestions\/(\d+)$/);
      if (method === 'GET' && one) {
        const record = suggestions.get(Number(one[1]));
        return record
          ? respond(schemas.suggestion, 200, record)
          : { status: 404, body: { error: 'Suggestion not found.' } };
      }
      if (method === 'POST' && path === '/api/v1/biblios') {
        const duplicate = duplicateOf(body as string);
        if (duplicate && !headers['x-confirm-not-duplicate'])
          return { status: 400, body: { error: `Duplicate biblio ${duplicate}` } };
        const id = next++;
        biblios.set(id, body as string);
        // addBiblio's 200 has no schema in the spec; Koha answers with the new record's id.
        return { status: 200, body: { id } };
      }
      if (method === 'POST' && path === '/api/v1/acquisitions/orders') {
        const id = next++;
        const order = {
          ...(body as object),
          order_id: id,
          status: 'new',
          quantity_received: 0,
          entry_date: '2026-03-02',
          timestamp: '2026-03-02T10:00:00+00:00',
        };
        orders.set(id, order);
        return respond(schemas.order, 201, order);
      }
      if (method === 'GET' && path === '/api/v1/acquisitions/orders') {
        const listed = [...orders.values()].filter(
          (o) => matches(o) && ['basket_id', 'biblio_id'].every((k) => !query.has(k) || o[k] === Number(query.get(k))),
        );
        return { status: 200, body: listed };
      }
      const order = path.match(/^\/api\/v1\/acquisitions\/orders\/(\d+)$/);
      if (method === 'GET' && order) {
        const found = orders.get(Number(order[1]));
        return found ? respond(schemas.order, 200, found) : { status: 404, body: { error: 'Order not found' } };
      }
      const biblio = path.match(/^\/api\/v1\/biblios\/(\d+)\/items$/);
      if (method === 'GET' && biblio) return { status: 200, body: items.get(Number(biblio[1])) ?? [] };
      if (method === 'GET' && path === '/api/v1/patrons') {
        const id = patrons.get(String(q.cardnumber));
        return { status: 200, body: id ? [{ patron_id: id, cardnumber: q.cardnumber }] : [] };
      }
      if (method === 'GET' && path === '/api/v1/holds') {
        const found = holds.filter(
          (h) => h.patron_id === Number(query.get('patron_id')) && h.biblio_id === Number(query.get('biblio_id')),
        );
        return { status: 200, body: found };
      }
      if (method === 'POST' && path === '/api/v1/holds') {
        const hold = { ...(body as object), hold_id: next++, hold_date: '2026-03-02', priority: 1 };
        holds.push(hold);
        return respond(schemas.hold, 201, hold);
      }
      return { status: 404, body: { error: 'Not found' } };
    },
    (method, path, body, headers) => {
      if (method === 'POST' && path === '/api/v1/biblios')
        return biblioProblem(body, headers, schemas.addBiblioHeaders);
      if (method === 'POST' && path === '/api/v1/acquisitions/orders')
        return schemas.order(body) ? null : ajvErrors(schemas.order);
      if (method === 'POST' && path === '/api/v1/suggestions')
        return schemas.suggestion(body) ? null : ajvErrors(schemas.suggestion);
      if (method === 'POST' && path === '/api/v1/holds')
        return schemas.placeHold(body) ? null : ajvErrors(schemas.placeHold);
      return `the stand-in has no schema for ${method} ${path}`;
    },
  );
  return {
    ...standIn,
    get url() {
      return standIn.url;
    },
    suggestions,
    holds,
    items,
    patrons,
    order(id) {
      const s = suggestions.get(id)!;
      const biblioId = 5000 + id;
      Object.assign(s, { status: 'ORDERED', biblio_id: biblioId });
      items.set(biblioId, [{ item_id: 9000 + id, not_for_loan_status: -1 }]);
      return biblioId;
    },
    receive(id) {
      Object.assign(suggestions.get(id)!, { status: 'AVAILABLE' });
    },
    shelve(id) {
      for (const item of items.get(suggestions.get(id)!.biblio_id as number) ?? []) item.not_for_loan_status = 0;
    },
    biblios,
    orders,
    closeBasket(basketId) {
      for (const o of orders.values()) if (o.basket_id === basketId && o.status === 'new') o.status = 'ordered';
    },
    receiveOrder(orderId) {
      const o = orders.get(orderId)!;
      Object.assign(o, { status: 'complete', quantity_received: o.quantity, date_received: '2026-03-20' });
      items.set(o.biblio_id as number, [{ item_id: 9000 + orderId, not_for_loan_status: -1 }]);
    },
    shelveRecord(biblioId) {
      for (const item of items.get(biblioId) ?? []) item.not_for_loan_status = 0;
    },
  };
}

export interface FolioStandIn extends StandIn {
  orders: Map<string, Record<string, unknown> & { poLines: Record<string, unknown>[] }>;
  items: Map<string, { id: string; status: { name: string } }[]>;
  users: Map<string, string>;
  requests: Record<string, unknown>[];
  /** what acquisitions staff do in FOLIO: open the order (making the instance), receive, check in */
  open(orderId: string): string;
  receive(orderId: string): void;
  shelve(orderId: string): void;
}

// FOLIO keeps no schema for circulation requests with the order schemas: the fields a
// title-level request needs, from mod-circulation's request.json, checked by hand.
const REQUEST_FIELDS = [
  'requestLevel',
  'requestType',
  'instanceId',
  'requesterId',
  'requestDate',
  'fulfillmentPreference',
];

export async function folioStandIn(): Promise<FolioStandIn> {
  const { compositeOrder } = folioSchemas();
  const orders: FolioStandIn['orders'] = new Map();
  const items: FolioStandIn['items'] = new Map();
  const users = new Map<string, string>();
  const requests: Record<string, unknown>[] = [];
  let next = 10000;
  const respond = (status: number, body: Record<string, unknown>) => {
    if (!compositeOrder(body))
      throw new Error(`the FOLIO stand-in answered outside FOLIO's schema: ${ajvErrors(compositeOrder)}`);
    return { status, body };
  };
  const cql = (query: URLSearchParams) =>
    query
      .get('query')
      ?.match(/"([^"]*)"/g)
      ?.map((v) => v.slice(1, -1)) ?? [];
  const standIn = await serve(
    ({ method, path, query, body, headers }) => {
      if (headers['x-okapi-tenant'] !== 'diku' || headers['x-okapi-token'] !== 'okapi-token')
        return { status: 401, body: { errors: [{ message: 'Invalid token' }] } };
      if (method === 'POST' && path === '/orders/composite-orders') {
        const order = body as Record<string, unknown> & { id: string; poLines: Record<string, unknown>[] };
        if (orders.has(order.id)) return { status: 422, body: { errors: [{ message: 'id already exists' }] } };
        const poNumber = String(next++);
        const record = {
          ...order,
          poNumber,
          poLines: order.poLines.map((line, i) => ({
            ...line,
            id: crypto.randomUUID(),
            poLineNumber: `${poNumber}-${i + 1}`,
            purchaseOrderId: order.id,
            receiptStatus: 'Pending',
            paymentStatus: 'Pending',
          })),
        };
        orders.set(order.id, record);
        return respond(201, record);
      }
      const one = path.match(/^\/orders\/composite-orders\/([0-9a-f-]{36})$/);
      if (method === 'GET' && one) {
        const order = orders.get(one[1]!);
        return order ? respond(200, order) : { status: 404, body: { errors: [{ message: 'not found' }] } };
      }
      if (method === 'GET' && path === '/inventory/items') {
        const found = items.get(cql(query)[0] ?? '') ?? [];
        return { status: 200, body: { items: found, totalRecords: found.length } };
      }
      if (method === 'GET' && path === '/users') {
        const id = users.get(cql(query)[0] ?? '');
        return { status: 200, body: { users: id ? [{ id, barcode: cql(query)[0] }] : [], totalRecords: id ? 1 : 0 } };
      }
      if (method === 'GET' && path === '/circulation/requests') {
        const [requester, instance] = cql(query);
        const found = requests.filter((r) => r.requesterId === requester && r.instanceId === instance);
        return { status: 200, body: { requests: found, totalRecords: found.length } };
      }
      if (method === 'POST' && path === '/circulation/requests') {
        const request = { ...(body as object), id: crypto.randomUUID(), status: 'Open - Not yet filled' };
        requests.push(request);
        return { status: 201, body: request };
      }
      return { status: 404, body: { errors: [{ message: 'no such path' }] } };
    },
    (method, path, body) => {
      if (method === 'POST' && path === '/orders/composite-orders')
        return compositeOrder(body) ? null : ajvErrors(compositeOrder);
      if (method === 'POST' && path === '/circulation/requests') {
        const missing = REQUEST_FIELDS.filter((f) => !(body as Record<string, unknown>)[f]);
        return missing.length ? `a request needs ${missing.join(', ')}` : null;
      }
      return `the stand-in has no schema for ${method} ${path}`;
    },
  );
  const line = (id: string) => orders.get(id)!.poLines[0]!;
  return {
    ...standIn,
    orders,
    items,
    users,
    requests,
    open(id) {
      const instanceId = crypto.randomUUID();
      Object.assign(orders.get(id)!, { workflowStatus: 'Open', approved: true });
      Object.assign(line(id), { receiptStatus: 'Awaiting Receipt', instanceId });
      items.set(line(id).id as string, [{ id: crypto.randomUUID(), status: { name: 'On order' } }]);
      return instanceId;
    },
    receive(id) {
      Object.assign(line(id), { receiptStatus: 'Fully Received' });
      for (const item of items.get(line(id).id as string)!) item.status = { name: 'In process' };
    },
    shelve(id) {
      for (const item of items.get(line(id).id as string)!) item.status = { name: 'Available' };
    },
  };
}

/**
 * Alma's PO line as Ex Libris documents it for POST /almaws/v1/acq/po-lines (developers.exlibrisgroup.com,
 * "PO Line" object): no schema file is kept with the specs (the public copies carry no licence),
 * so this is written from the documented fields, the required ones as Alma requires them on
 * creation (owner, type, vendor, acquisition method, resource metadata, a location with quantity).
 */
const value = { type: 'object', required: ['value'], properties: { value: { type: 'string', minLength: 1 } } };
export const ALMA_PO_LINE = {
  type: 'object',
  additionalProperties: false,
  required: ['owner', 'type', 'vendor', 'vendor_account', 'acquisition_method', 'resource_metadata', 'location'],
  properties: {
    owner: value,
    type: value,
    vendor: value,
    vendor_account: { type: 'string', minLength: 1 },
    acquisition_method: {
      ...value,
      properties: { value: { enum: ['PURCHASE', 'GIFT', 'APPROVAL', 'DEPOSITORY', 'EXCHANGE', 'TECHNICAL'] } },
    },
    additional_order_reference: { type: 'string' },
    resource_metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['title'],
      properties: {
        title: { type: 'string', minLength: 1 },
        author: { type: 'string' },
        isbn: { type: 'string', pattern: '^[0-9X-]{10,17}$' },
        publisher: { type: 'string' },
        publication_year: { type: 'string', pattern: '^\\d{4}$' },
        mms_id: value,
      },
    },
    price: {
      type: 'object',
      required: ['sum', 'currency'],
      properties: { sum: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' }, currency: value },
    },
    fund_distribution: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fund_code', 'percent'],
        properties: { fund_code: value, percent: { type: 'number', minimum: 0, maximum: 100 } },
      },
    },
    location: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['quantity', 'library'],
        additionalProperties: false,
        properties: {
          quantity: { type: 'integer', minimum: 1 },
          library: value,
          shelving_location: { type: 'string' },
        },
      },
    },
    note: {
      type: 'array',
      items: { type: 'object', required: ['note_text'], properties: { note_text: { type: 'string' } } },
    },
  },
};
const ALMA_REQUEST = {
  type: 'object',
  additionalProperties: false,
  required: ['request_type', 'pickup_location_type', 'pickup_location_library'],
  properties: {
    request_type: { enum: ['HOLD'] },
    pickup_location_type: { enum: ['LIBRARY'] },
    pickup_location_library: { type: 'string', minLength: 1 },
  },
};

export interface AlmaStandIn extends StandIn {
  lines: Map<string, Record<string, unknown>>;
  requests: { mmsId: string; userId: string }[];
  /** Alma's own moves: the PO is sent to the vendor (with a record), a copy received, the line closed */
  send(number: string): string;
  receive(number: string): void;
  close_(number: string): void;
}

export async function almaStandIn(): Promise<AlmaStandIn> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const poLine = ajv.compile(ALMA_PO_LINE);
  const request = ajv.compile(ALMA_REQUEST);
  const lines = new Map<string, Record<string, unknown>>();
  const requests: AlmaStandIn['requests'] = [];
  let next = 1;
  const standIn = await serve(
    ({ method, path, query, body, headers }) => {
      if (headers.authorization !== 'apikey l7xx-test') return { status: 401, body: { errorsExist: true } };
      if (method === 'POST' && path === '/almaws/v1/acq/po-lines') {
        const number = `POL-${next++}`;
        const line = { ...(body as object), number, status: { value: 'IN_REVIEW' } };
        lines.set(number, line);
        return { status: 200, body: line };
      }
      if (method === 'GET' && path === '/almaws/v1/acq/po-lines') {
        const key = (query.get('q') ?? '').replace(/^additional_order_reference~/, '');
        const found = [...lines.values()].filter((l) => l.additional_order_reference === key);
        return { status: 200, body: { po_line: found, total_record_count: found.length } };
      }
      const one = path.match(/^\/almaws\/v1\/acq\/po-lines\/([\w-]+)$/);
      if (method === 'GET' && one) {
        const line = lines.get(one[1]!);
        return line ? { status: 200, body: line } : { status: 404, body: { errorsExist: true } };
      }
      const bib = path.match(/^\/almaws\/v1\/bibs\/(\d+)\/requests$/);
      if (method === 'POST' && bib) {
        const userId = query.get('user_id') ?? '';
        if (requests.some((r) => r.mmsId === bib[1] && r.userId === userId))
          return { status: 400, body: { errorsExist: true, errorList: { error: [{ errorCode: '401136' }] } } };
        requests.push({ mmsId: bib[1]!, userId });
        return { status: 200, body: { request_id: `REQ-${requests.length}`, ...(body as object) } };
      }
      return { status: 404, body: { errorsExist: true } };
    },
    (method, path, body) => {
      if (method === 'POST' && path === '/almaws/v1/acq/po-lines') return poLine(body) ? null : ajvErrors(poLine);
      if (method === 'POST' && /\/requests$/.test(path)) return request(body) ? null : ajvErrors(request);
      return `the stand-in has no schema for ${method} ${path}`;
    },
  );
  return {
    ...standIn,
    lines,
    requests,
    send(number) {
      const mmsId = `99${number.replace(/\D/g, '')}000541`;
      const line = lines.get(number)!;
      Object.assign(line, { status: { value: 'SENT' } });
      (line.resource_metadata as Record<string, unknown>).mms_id = { value: mmsId };
      return mmsId;
    },
    receive(number) {
      const line = lines.get(number)!;
      line.location = (line.location as object[]).map((l) => ({ ...l, copy: [{ receive_date: '2026-03-20Z' }] }));
    },
    close_(number) {
      Object.assign(lines.get(number)!, { status: { value: 'CLOSED' } });
    },
  };
}
