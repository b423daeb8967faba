// The buy list as MARC21 order records, the way vendors and ILSs exchange orders: a brief
// bibliographic record per title (020, 100, 245, 264) and a 970 order field with the list
// price of one copy ($p), the fund ($f: the fund of the department the title is charged to) and
// the quantity ($q: the copies its courses call for beyond those held, at least one), as in
// Evergreen's vendor order loads.
// Written by marcjs in UTF-8 (leader position 9 'a').
import marcjs from 'marcjs';
import type { Locale } from '../../domain/locale.js';
import { titleName } from '../../domain/title-name.js';
import type { BuyList } from '../buylist.js';

// Bytes 0x1D, 0x1E and 0x1F end records and fields and begin subfields: in a title a patron
// typed they would cut the record short or add subfields of their own (a price, a fund). MARC
// data holds no control characters, so each run of them becomes a space.
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]+/g;
const marcText = (value: string | number) => String(value).replace(CONTROL_CHARACTERS, ' ');

/** `locale` names a title the service knows only by its ISBN ("ISBN 978-… (details to come)"). */
export function buyListMarc(list: BuyList, options: { now: Date; locale: Locale }): Buffer {
  const stamp = options.now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const parts: Buffer[] = [];
  for (const item of list.items) {
    const record = new marcjs.Record();
    record.leader = '00000nam a2200000 a 4500';
    const field = (tag: string, indicators: string, ...subfields: [string, string | number | null | undefined][]) => {
      const present = subfields.filter(([, v]) => v !== null && v !== undefined && v !== '');
      if (present.length)
        record.append([tag, indicators, ...present.flatMap(([code, value]) => [code, marcText(value!)])]);
    };
    record.append(['001', `r2b-${item.titleId}`]);
    record.append(['003', 'recommend-to-buy']);
    record.append(['005', `${stamp}.0`]);
    field('020', '  ', ['a', item.isbn13]);
    field('100', '1 ', ['a', item.author]);
    field(
      '245',
      item.author ? '10' : '00',
      ['a', item.subtitle ? `${titleName(item, options.locale)} :` : titleName(item, options.locale)],
      ['b', item.subtitle],
    );
    field('264', ' 1', ['b', item.publisher], ['c', item.year]);
    // A title only a reading list asked for has no requesters to count; its reason names the course.
    const asked = item.requesters
      ? `Suggested by ${item.requesters} ${item.requesters === 1 ? 'requester' : 'requesters'}; `
      : '';
    field('500', '  ', ['a', `${asked}rank ${item.rank}: ${item.reason}`]);
    field('970', '  ', ['p', item.price?.toFixed(2)], ['f', item.fund], ['q', item.quantity], ['c', item.currency]);
    parts.push(Buffer.from(marcjs.Iso2709Formater.format(record), 'utf8'));
  }
  return Buffer.concat(parts);
}
