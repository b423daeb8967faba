// What an order says of each title on the buy list, whichever ILS it is written for: the title
// as a catalogue files it (an ISBN standing in for a title not known yet), its authors as
// headings, the fund that pays, the copies, the format the requesters asked for and when they
// need it. The MARC profiles, the FOLIO purchase order and the order sheet are written from it.
import type { Config } from '../../config.js';
import { hyphenate } from '../../domain/isbn.js';
import { nonFilingCharacters } from '../../domain/languages.js';
import type { Locale } from '../../domain/locale.js';
import { authorsOf, type NameHeading, nameHeading } from '../../domain/name-heading.js';
import type { OrderData } from '../../domain/order-profiles.js';
import { titleName } from '../../domain/title-name.js';
import { t } from '../../i18n/index.js';
import type { BuyList, BuyListRow } from '../buylist.js';

export type OrderSettings = Pick<
  Config,
  'ORDER_DEFAULT_FUND' | 'ORDER_OWNING_LIBRARY' | 'ORDER_COPY_LOCATION' | 'ORDER_ITEM_TYPES' | 'ORDER_VENDOR'
>;

export interface OrderContext {
  now: Date;
  /** the language of the notes, and of a title known only by its ISBN */
  locale: Locale;
  settings: OrderSettings;
  /** who is ordering (the selector downloading the list), for the ILSs that record a selector */
  selector?: string | null | undefined;
}

export interface OrderLine {
  row: BuyListRow;
  /** the title proper, or the ISBN standing in for it */
  title: string;
  titleKnown: boolean;
  /** the characters a catalogue skips before filing the title (its leading article) */
  nonFiling: number;
  /** the first is the main entry */
  authors: NameHeading[];
  /** the ISBN as printed on the book, 978-7-5063-6543-7 */
  isbnPrinted: string | null;
  data: OrderData;
  /** general notes: why the title is ordered, and what the record lacks */
  notes: string[];
}

export function orderLines(list: BuyList, context: OrderContext): OrderLine[] {
  const { locale, settings } = context;
  return list.items.map((row) => {
    const titleKnown = Boolean(row.title?.trim());
    const title = titleName(row, locale);
    const fund = row.fund ?? list.scopeFund ?? settings.ORDER_DEFAULT_FUND ?? null;
    const note = [
      t(locale, 'order.format', { format: t(locale, `ui.format.${row.format}`) }),
      ...(row.needBy ? [t(locale, 'reason.needBy', { date: row.needBy })] : []),
    ].join(t(locale, 'reason.separator'));
    return {
      row,
      title,
      titleKnown,
      nonFiling: titleKnown ? nonFilingCharacters(title, row.language) : 0,
      authors: authorsOf(row.author)
        .map(nameHeading)
        .filter((h): h is NameHeading => h !== null),
      isbnPrinted: row.isbn13 ? hyphenate(row.isbn13) : null,
      data: {
        price: row.price === null ? null : row.price.toFixed(2),
        quantity: String(row.quantity),
        fund,
        currency: row.currency,
        owningLibrary: settings.ORDER_OWNING_LIBRARY ?? null,
        copyLocation: settings.ORDER_COPY_LOCATION ?? null,
        itemType: settings.ORDER_ITEM_TYPES.get(row.format) ?? null,
        vendor: row.vendor ?? settings.ORDER_VENDOR ?? null,
        selector: context.selector ?? null,
        requester: requesterOf(row, locale),
        electronic: row.format === 'ebook' ? 'ELECTRONIC' : 'PRINT',
        note,
      },
      notes: [
        // A rank says something only among others: a title sent to an ILS on its own is on a list of one.
        t(locale, 'order.note', {
          requesters: row.requesters,
          rank: list.ranked > 1 ? row.rank : null,
          reason: row.reason,
        }),
        ...(!titleKnown && row.isbn13 ? [t(locale, 'order.isbnOnly')] : []),
        ...(!row.isbn13 ? [t(locale, 'order.noIsbn')] : []),
      ],
    };
  });
}

/**
 * Who asked, as far as an ILS needs to know: how many, or the course a reading list names.
 * Never a name: recommend-to-buy tells its requesters itself when the book arrives, and what
 * leaves for the ILS or a vendor should not say who reads what.
 */
function requesterOf(row: BuyListRow, locale: Locale): string | null {
  if (row.requesters > 0) return t(locale, 'reason.requesters', { n: row.requesters, faculty: 0, graduate: 0 });
  return row.courses.length ? [...new Set(row.courses.map((c) => c.course))].join(', ') : null;
}
