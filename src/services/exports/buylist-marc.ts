// The buy list as MARC order records, the way vendors and ILSs exchange orders: a brief
// bibliographic record per title and the order in the local field the ILS's loader reads
// (domain/order-profiles.ts). MARC 21 for Evergreen, Koha and FOLIO (020, 100/110, 245, 264,
// 500, 700/710), UNIMARC for Chinese ILSs (CNMARC: 010, 100, 101, 200, 210, 300, 690, 700/710).
// Every record is a brief one (leader/17 says so), its format is the requesters' (leader/06
// and 008/23 for MARC 21), and it is written by marcjs in UTF-8 (leader/09 'a' in MARC 21; in
// UNIMARC the character set is 100 $a/26-27, "50"). Koha's order mode sends the same MARC 21
// brief record, without the order fields, as MARCXML to Koha's POST /biblios.
import marcjs from 'marcjs';
import type { Format } from '../../db/schema.js';
import { marcLanguage } from '../../domain/languages.js';
import { headingText, type NameHeading } from '../../domain/name-heading.js';
import { type OrderData, type OrderProfile, orderFieldLayouts } from '../../domain/order-profiles.js';
import type { BuyList } from '../buylist.js';
import { type OrderContext, type OrderLine, orderLines } from './order-lines.js';

// Bytes 0x1D, 0x1E and 0x1F end records and fields and begin subfields: in a title a patron
// typed they would cut the record short or add subfields of their own (a price, a fund). MARC
// data holds no control characters, so each run of them becomes a space.
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]+/g;
const marcText = (value: string | number) => String(value).replace(CONTROL_CHARACTERS, ' ');

// UNIMARC marks the part of a title that is not filed between these two (ISO 6630 NSB and NSE
// as Unicode has them), where MARC 21 counts the characters in an indicator.
const NON_SORT_BEGIN = '\u0098';
const NON_SORT_END = '\u009c';

export interface MarcOptions extends OrderContext {
  profile: OrderProfile;
  /** the local field of the CNMARC order data (ORDER_CNMARC_TAG) */
  cnmarcTag: string;
}

type Subfield = [code: string, value: string | number | null | undefined];

class RecordBuilder {
  readonly record = new marcjs.Record();
  constructor(leader: string) {
    this.record.leader = leader;
  }
  control(tag: string, value: string) {
    this.record.append([tag, marcText(value)]);
  }
  field(tag: string, indicators: string, ...subfields: Subfield[]) {
    const present = subfields.filter(([, v]) => v !== null && v !== undefined && v !== '');
    if (present.length)
      this.record.append([tag, indicators, ...present.flatMap(([code, value]) => [code, marcText(value!)])]);
  }
  bytes(): Buffer {
    return Buffer.from(marcjs.Iso2709Formater.format(this.record), 'utf8');
  }
  xml(): string {
    const record = marcjs.MarcxmlFormater.format(this.record).replace('<record>', `<record xmlns="${MARCXML}">`);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${record}`;
  }
}

const MARCXML = 'http://www.loc.gov/MARC21/slim';

export function buyListMarc(list: BuyList, options: MarcOptions): Buffer {
  const lines = orderLines(list, options);
  const write = options.profile === 'cnmarc' ? unimarcRecord : marc21Record;
  return Buffer.concat(lines.map((line) => write(line, options).bytes()));
}

/** Leader/06: a recording for an audiobook, language material otherwise. Leader/17 3: abbreviated level. */
const typeOfRecord = (format: Format) => (format === 'audiobook' ? 'i' : 'a');

/**
 * One title's brief MARC 21 record as MARCXML, with no order fields: the record Koha's order
 * mode creates through the REST API, where the order line carries the fund, price and copies.
 */
export function briefRecordXml(line: OrderLine, context: OrderContext): string {
  return marc21Brief(line, { ...context, profile: 'koha' }).xml();
}

function marc21Record(line: OrderLine, options: MarcOptions): RecordBuilder {
  const marc = marc21Brief(line, options);
  orderFields(marc, line.data, options);
  return marc;
}

function marc21Brief(line: OrderLine, options: OrderContext & Pick<MarcOptions, 'profile'>): RecordBuilder {
  const { row } = line;
  // 18 'i': what ISBD punctuation there is (245 " :") is included.
  const marc = new RecordBuilder(`00000n${typeOfRecord(row.format)}m a22000003i 4500`);
  marc.control('001', `r2b-${row.titleId}`);
  marc.control('003', 'recommend-to-buy');
  marc.control('005', `${stamp(options.now)}.0`);
  marc.control('008', fixedData(line, options.now));
  // Koha, given no mapping for the price, reads it from 020 $c (GetMarcPrice).
  const terms = options.profile === 'koha' && line.data.price ? `${line.data.currency} ${line.data.price}` : null;
  marc.field('020', '  ', ['a', row.isbn13], ['c', terms]);
  const [main, ...others] = line.authors;
  if (main) marc.field(main.kind === 'corporate' ? '110' : '100', marc21Indicators(main), ['a', headingText(main)]);
  marc.field(
    '245',
    `${main ? '1' : '0'}${line.nonFiling}`,
    ['a', row.subtitle ? `${line.title} :` : line.title],
    ['b', row.subtitle],
  );
  marc.field('264', ' 1', ['b', row.publisher], ['c', row.year]);
  for (const note of line.notes) marc.field('500', '  ', ['a', note]);
  for (const other of others)
    marc.field(other.kind === 'corporate' ? '710' : '700', marc21Indicators(other), ['a', headingText(other)]);
  return marc;
}

/** 100/700 first indicator 1 surname, 0 forename; 110/710 2, a name in direct order. */
function marc21Indicators(heading: NameHeading): string {
  if (heading.kind === 'corporate') return '2 ';
  return heading.kind === 'surname' || heading.surnameFirst ? '1 ' : '0 ';
}

/**
 * 008 for a brief record: entered today, the year of publication if known, no place, the form
 * of item (o, online, for an e-book), the title's language; the rest not coded (|).
 */
function fixedData(line: OrderLine, now: Date): string {
  const { row } = line;
  const entered = now.toISOString().slice(2, 10).replace(/-/g, '');
  const dates = row.year ? `s${row.year}    ` : 'nuuuuuuuu';
  const form = row.format === 'ebook' ? 'o' : row.format === 'print' ? ' ' : '|';
  const material = `${'|'.repeat(5)}${form}${'|'.repeat(11)}`;
  return `${entered}${dates}xx ${material}${marcLanguage(row.language)} d`;
}

function unimarcRecord(line: OrderLine, options: MarcOptions): RecordBuilder {
  const { row } = line;
  // 17 3: less than full level; 18 i: partial ISBD.
  const marc = new RecordBuilder(`00000n${typeOfRecord(row.format)}m  22000003i 4500`);
  marc.control('001', `r2b-${row.titleId}`);
  marc.control('005', `${stamp(options.now)}.0`);
  marc.field(
    '010',
    '  ',
    ['a', line.isbnPrinted],
    // CNMARC writes the price with its currency and no space: CNY45.00.
    ['d', line.data.price ? `${line.data.currency}${line.data.price}` : null],
  );
  marc.field('100', '  ', ['a', generalData(line, options)]);
  marc.field('101', '0 ', ['a', marcLanguage(row.language)]);
  const filed = line.nonFiling
    ? `${NON_SORT_BEGIN}${line.title.slice(0, line.nonFiling)}${NON_SORT_END}${line.title.slice(line.nonFiling)}`
    : line.title;
  marc.field('200', '1 ', ['a', filed], ['e', row.subtitle], ['f', row.author]);
  marc.field('210', '  ', ['c', row.publisher], ['d', row.year]);
  for (const note of line.notes) marc.field('300', '  ', ['a', note]);
  const clc = row.classNumber?.startsWith('clc:') ? row.classNumber.slice(4) : null;
  marc.field('690', '  ', ['a', clc]);
  line.authors.forEach((author, index) => unimarcHeading(marc, author, index === 0));
  orderFields(marc, line.data, options);
  return marc;
}

/**
 * 700/701 personal names (second indicator 1 under the surname, $b the forenames; 0 as
 * written, as CNMARC enters Chinese names), 710/711 bodies (02: corporate, direct order).
 */
function unimarcHeading(marc: RecordBuilder, heading: NameHeading, main: boolean) {
  if (heading.kind === 'corporate') marc.field(main ? '710' : '711', '02', ['a', heading.name]);
  else if (heading.kind === 'surname')
    marc.field(main ? '700' : '701', ' 1', ['a', heading.surname], ['b', heading.forenames], ['c', heading.suffix]);
  else marc.field(main ? '700' : '701', ' 0', ['a', heading.name]);
}

/**
 * UNIMARC 100 $a, 36 characters: entered today; the year, or dates unknown; target audience
 * and government publication unknown; catalogued in the reader's language; no transliteration;
 * ISO 10646 (50); the title's script, Han (ea) or Latin (ba).
 */
function generalData(line: OrderLine, options: MarcOptions): string {
  const { row } = line;
  const entered = options.now.toISOString().slice(0, 10).replace(/-/g, '');
  const dates = row.year ? `d${row.year}    ` : 'u        ';
  const cataloguing = marcLanguage(options.locale === 'en' ? 'en' : 'zh');
  const script = /\p{Script=Han}/u.test(line.title) ? 'ea' : /\p{Script=Latin}/u.test(line.title) ? 'ba' : '  ';
  return `${entered}${dates}u  u0${cataloguing}y50      ${script}`;
}

function orderFields(marc: RecordBuilder, data: OrderData, options: MarcOptions) {
  for (const layout of orderFieldLayouts(options.profile, options.cnmarcTag))
    marc.field(layout.tag, '  ', ...layout.subfields.map(([code, key]): Subfield => [code, data[key]]));
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
