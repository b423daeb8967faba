// Where each ILS's order loader looks for the order in a MARC record: the local field that
// carries one copy's price, the quantity, the fund and the rest, subfield by subfield. One
// table, read by the writer (services/exports/buylist-marc.ts) and spelled out in docs/buylist.md
// as the settings a librarian enters on the ILS's side.
//
// - Evergreen: the provider's holdings tag and "holding subfield" map of its acquisitions
//   loader (Open-ILS Acq/Order.pm, extract_lineitem_detail_data; its sample data maps 970 so).
//   Its $c is the collection code and $b a barcode, so neither is ever written.
// - Koha: a 975 read through the MarcFieldsToOrder and MarcItemFieldsToOrder preferences, with
//   the subfields of the Koha manual's example; Koha falls back to 020 $c for the price.
// - FOLIO: the 980/981 pair of the order imports written for FOLIO (the "Lehigh" order import
//   tool and the Data Import order mapping libraries build on it).
// - CNMARC: UNIMARC order data for Chinese ILSs in the library's own 9xx (ORDER_CNMARC_TAG),
//   with Evergreen's letters, the most widely used vendor convention.
import type { Format } from '../db/schema.js';

export const ORDER_PROFILES = ['evergreen', 'koha', 'folio', 'cnmarc'] as const;
export type OrderProfile = (typeof ORDER_PROFILES)[number];

/** What an order field can say of one title, each in one subfield. */
export interface OrderData {
  price: string | null;
  quantity: string;
  fund: string | null;
  currency: string;
  owningLibrary: string | null;
  copyLocation: string | null;
  itemType: string | null;
  vendor: string | null;
  selector: string | null;
  requester: string | null;
  /** FOLIO's order-import word for the format */
  electronic: 'ELECTRONIC' | 'PRINT';
  note: string | null;
}

/** One order field: its tag and which subfield holds what, in the order they are written. */
export interface OrderFieldLayout {
  tag: string;
  subfields: [code: string, data: keyof OrderData][];
}

export function orderFieldLayouts(profile: OrderProfile, cnmarcTag: string): OrderFieldLayout[] {
  switch (profile) {
    case 'evergreen':
      return [
        {
          tag: '970',
          subfields: [
            ['p', 'price'],
            ['q', 'quantity'],
            ['f', 'fund'],
            ['o', 'owningLibrary'],
            ['l', 'copyLocation'],
            ['m', 'itemType'],
            ['z', 'note'],
          ],
        },
      ];
    case 'koha':
      return [
        {
          tag: '975',
          subfields: [
            ['p', 'price'],
            ['q', 'quantity'],
            ['h', 'fund'],
            ['a', 'owningLibrary'],
            ['b', 'owningLibrary'],
            ['c', 'copyLocation'],
            ['y', 'itemType'],
            ['x', 'note'],
          ],
        },
      ];
    case 'folio':
      return [
        {
          tag: '980',
          subfields: [
            ['g', 'quantity'],
            ['h', 'fund'],
            ['v', 'vendor'],
            ['y', 'selector'],
            ['z', 'electronic'],
            ['n', 'note'],
          ],
        },
        {
          tag: '981',
          subfields: [
            ['i', 'price'],
            ['k', 'currency'],
            ['r', 'requester'],
          ],
        },
      ];
    case 'cnmarc':
      return [
        {
          tag: cnmarcTag,
          subfields: [
            ['p', 'price'],
            ['q', 'quantity'],
            ['f', 'fund'],
            ['o', 'owningLibrary'],
            ['l', 'copyLocation'],
            ['m', 'itemType'],
            ['z', 'note'],
          ],
        },
      ];
  }
}

/** The ILS's item type for each format a patron can ask for (ORDER_ITEM_TYPES). */
export type ItemTypes = ReadonlyMap<Format, string>;
