// The buy list as one FOLIO composite purchase order, the body of POST /orders/composite-orders
// (folio-org/mod-orders): pending and not approved, so acquisitions staff open it in FOLIO, with
// a PO line per title, its ISBN, contributors, one copy's price, the copies, the format asked
// for and the fund that pays. FOLIO names its vendor, funds and acquisition method by UUID, which
// only the library's FOLIO knows: FOLIO_VENDOR_ID, FOLIO_FUND_IDS, FOLIO_ACQUISITION_METHOD_ID.
// The tests validate every line against FOLIO's own po_line.json.
import type { Config } from '../../config.js';
import { headingText } from '../../domain/name-heading.js';
import { ApiError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { BuyList } from '../buylist.js';
import { type OrderContext, type OrderLine, orderLines } from './order-lines.js';

export type FolioSettings = Pick<Config, 'FOLIO_VENDOR_ID' | 'FOLIO_ACQUISITION_METHOD_ID' | 'FOLIO_FUND_IDS'>;

// FOLIO's reference data, the same in every tenant (mod-inventory-storage's identifier and
// contributor name types).
const ISBN = '8261054f-be78-422d-bd51-4ed9f33c3422';
const PERSONAL_NAME = '2b94c631-fca9-4892-a730-03ee529ffe2a';
const CORPORATE_NAME = '2e48e713-17f3-4c13-a9f8-23845bb210aa';

export interface FolioOrderOptions extends OrderContext {
  folio: FolioSettings;
  /** what the list is of, for the order's note: a department, a fund, the library */
  scope: string;
}

export function buyListFolioOrder(list: BuyList, options: FolioOrderOptions): Record<string, unknown> {
  const { folio, locale } = options;
  if (!folio.FOLIO_VENDOR_ID) {
    throw new ApiError(
      'not-configured',
      'A FOLIO purchase order names its vendor by FOLIO id, and none is set: an administrator sets FOLIO_VENDOR_ID.',
      { setting: 'FOLIO_VENDOR_ID' },
    );
  }
  return {
    orderType: 'One-Time',
    vendor: folio.FOLIO_VENDOR_ID,
    workflowStatus: 'Pending',
    approved: false,
    notes: [t(locale, 'order.purchaseOrder', { scope: options.scope, date: options.now.toISOString().slice(0, 10) })],
    poLines: orderLines(list, options).map((line) => poLine(line, folio)),
  };
}

function poLine(line: OrderLine, folio: FolioSettings): Record<string, unknown> {
  const { row, data } = line;
  const electronic = row.format === 'ebook';
  const fundId = data.fund === null ? undefined : folio.FOLIO_FUND_IDS.get(data.fund);
  if (data.fund !== null && !fundId) {
    throw new ApiError(
      'not-configured',
      `The fund ${data.fund} has no FOLIO id: an administrator adds it to FOLIO_FUND_IDS (${data.fund}=<the fund's UUID in FOLIO>).`,
      { setting: 'FOLIO_FUND_IDS', fund: data.fund },
    );
  }
  const price = row.price ?? undefined;
  return {
    titleOrPackage: [line.title, row.subtitle].filter(Boolean).join(' : '),
    source: 'API',
    acquisitionMethod: folio.FOLIO_ACQUISITION_METHOD_ID,
    // An audiobook may come on disc or as a download: "Other", counted as physical copies.
    orderFormat: electronic ? 'Electronic Resource' : row.format === 'audiobook' ? 'Other' : 'Physical Resource',
    cost: electronic
      ? { currency: row.currency, listUnitPriceElectronic: price, quantityElectronic: row.quantity }
      : { currency: row.currency, listUnitPrice: price, quantityPhysical: row.quantity },
    ...(electronic
      ? { eresource: { activated: false } }
      : { physical: { volumes: [], ...(row.needBy ? { receiptDue: `${row.needBy}T00:00:00.000+00:00` } : {}) } }),
    ...(data.fund !== null
      ? { fundDistribution: [{ code: data.fund, fundId, distributionType: 'percentage', value: 100 }] }
      : {}),
    details: {
      ...(row.isbn13 ? { productIds: [{ productId: row.isbn13, productIdType: ISBN }] } : {}),
      ...(data.note ? { receivingNote: data.note } : {}),
    },
    contributors: line.authors.map((heading) => ({
      contributor: headingText(heading),
      contributorNameTypeId: heading.kind === 'corporate' ? CORPORATE_NAME : PERSONAL_NAME,
    })),
    ...(row.publisher ? { publisher: row.publisher } : {}),
    ...(row.year ? { publicationDate: String(row.year) } : {}),
    ...(data.requester ? { requester: data.requester } : {}),
    ...(data.selector ? { selector: data.selector } : {}),
    poLineDescription: line.notes.join('\n'),
    tags: { tagList: ['recommend-to-buy'] },
  };
}
