// One interface for every ILS: send an approved title, find it again after an attempt whose
// answer was lost, read back where it is, place a requester's hold. Each connector speaks its
// ILS's REST API through deps.fetch, so the same code runs on Node and on Workers.
import type { Config } from '../../config.js';
import type { Clock } from '../../context.js';
import type { IlsName } from '../../db/schema.js';
import type { BuyList } from '../buylist.js';
import type { Fetch } from '../../context.js';
import type { OrderContext } from '../exports/order-lines.js';
import type { IlsMap } from '../../domain/ils-map.js';

/** What is sent for one title: the buy list's row for it, as the order exports read it. */
export interface IlsOrder {
  titleId: number;
  /** ours, sent with the record so that it can be found again (a UUID) */
  key: string;
  /** the buy list holding this one title */
  list: BuyList;
  context: OrderContext;
  /** why the requesters asked, for the ILS's note fields */
  patronReason: string | null;
  /** ids an earlier attempt stored as it went (Koha's order mode: the record made before the order line) */
  known: Partial<IlsIds>;
  /** store an id as soon as the ILS has made it, before the next request of the same push */
  remember(ids: Partial<IlsIds>): Promise<void>;
}

/** The ILS's ids for a title, as stored in ils_records. */
export interface IlsIds {
  ilsId: string;
  ilsNumber?: string | null;
  lineId?: string | null;
  lineNumber?: string | null;
  recordId?: string | null;
}

/** Where the ILS says the title is, in our workflow's words. */
export type IlsStage = 'sent' | 'ordered' | 'received' | 'available' | 'cancelled';

export interface IlsState {
  stage: IlsStage;
  /** the ILS's own word for it, shown to the selector */
  ilsStatus: string;
  /** ids learnt since the push: the catalogue record once acquisitions made one */
  ids?: Partial<IlsIds>;
  /** why, where the ILS says (a rejection's reason) */
  reason?: string | null;
  /** whether a hold can go on the record now (FOLIO's requests wait for receipt); by default once there is a record */
  holdable?: boolean;
}

export interface HoldRequest {
  /** the requester as the ILS knows them: their library card number (our patron's external id) */
  cardNumber: string;
  /** the branch they chose to collect it at (a PICKUP_BRANCHES code); else the ILS map's */
  pickup?: string | null;
}

export interface IlsConnector {
  name: IlsName;
  push(order: IlsOrder): Promise<IlsIds>;
  /** the record sent with this key, if an earlier attempt made it after all */
  find(order: IlsOrder): Promise<IlsIds | null>;
  state(ids: IlsIds): Promise<IlsState>;
  /** place a hold for the requester on the title's record; the hold's id (an existing hold counts) */
  placeHold(ids: IlsIds, requester: HoldRequest): Promise<string>;
  /** a cheap authenticated request, for /readyz */
  ping(): Promise<void>;
}

export interface ConnectorDeps {
  config: Config;
  fetch: Fetch;
  clock: Clock;
  map: IlsMap;
}

/**
 * The ILS did not take the request. `retry` says whether trying again later may help: a 4xx
 * other than timeouts and rate limits says the request itself is wrong (a fund the ILS does not
 * know), which only a person can fix.
 */
export class IlsFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly status?: number,
    /** the start of the ILS's answer, for the connector that reads a refusal (Koha's "Duplicate biblio 12") */
    readonly answer?: string,
  ) {
    super(message);
  }
}

/** A body that is not JSON (Koha's MARCXML), with the headers its operation takes. */
export interface IlsContent {
  type: string;
  text: string;
  headers?: Record<string, string>;
}

export interface IlsHttp {
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** as json, with a body of another type; the answer is still JSON */
  send<T>(method: string, path: string, content: IlsContent): Promise<T>;
  /** as json, but a 404 is null */
  maybe<T>(method: string, path: string): Promise<T | null>;
}

/** JSON over HTTP to the ILS, with its credentials, a timeout, and failures made IlsFailures. */
export function ilsHttp(deps: ConnectorDeps, name: string, headers: Record<string, string>): IlsHttp {
  const base = deps.config.ILS_URL!.replace(/\/+$/, '');
  const send = async (method: string, path: string, body?: unknown, other?: IlsContent): Promise<Response> => {
    const content: IlsContent | undefined =
      other ?? (body === undefined ? undefined : { type: 'application/json', text: JSON.stringify(body) });
    let response: Response;
    try {
      response = await deps.fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(content ? { 'content-type': content.type, ...content.headers } : {}),
          ...headers,
        },
        ...(content ? { body: content.text } : {}),
        signal: AbortSignal.timeout(deps.config.ILS_TIMEOUT_MS),
      });
    } catch (error) {
      const e = error as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new IlsFailure(
        timedOut
          ? `${name} did not answer ${method} ${path} within ${deps.config.ILS_TIMEOUT_MS} ms`
          : `${name} is unreachable (${method} ${path}): ${e.message}`,
        true,
      );
    }
    return response;
  };
  const fail = async (response: Response, method: string, path: string): Promise<never> => {
    const text = (await response.text().catch(() => '')).slice(0, 300);
    const retry = response.status >= 500 || [408, 425, 429].includes(response.status);
    throw new IlsFailure(
      `${name} answered ${response.status} to ${method} ${path}: ${text}`,
      retry,
      response.status,
      text,
    );
  };
  const read = async <T>(response: Response, method: string, path: string): Promise<T> => {
    try {
      return (await response.json()) as T;
    } catch {
      throw new IlsFailure(`${name} answered ${method} ${path} with something that is not JSON`, true);
    }
  };
  const answer = async <T>(response: Response, method: string, path: string): Promise<T> =>
    response.ok ? read<T>(response, method, path) : fail(response, method, path);
  return {
    json: async (method, path, body) => answer(await send(method, path, body), method, path),
    send: async (method, path, content) => answer(await send(method, path, undefined, content), method, path),
    async maybe<T>(method: string, path: string): Promise<T | null> {
      const response = await send(method, path);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      return answer<T>(response, method, path);
    },
  };
}
