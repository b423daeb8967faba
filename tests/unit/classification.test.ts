import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  classificationDataSchema,
  classify,
  disciplineName,
  realCallNumber,
  type SchemeHint,
  schemeOfSource,
} from '../../src/domain/classification.js';
import { loadClassificationData, readClassificationData } from '../../src/node/classification-data.js';

const data = loadClassificationData();

/** The discipline a call number counts toward, or the reason it counts toward none. */
function countsToward(callNumber: string, hint?: SchemeHint): string {
  const result = classify(data, callNumber, hint);
  return result.ok ? result.discipline : result.reason;
}

describe('a call number from LC-classed shelves', () => {
  it.each([
    ['QA76.73.J38 S53 2019', 'computer-science', 'QA76.73'],
    ['ML1263 .F47', 'music', 'ML1263'],
    ['ML 2533 B34 C2', 'music', 'ML2533'],
    ['QA 76.76 S46 W43', 'computer-science', 'QA76.76'],
    ['LB 1028.68 .R52', 'education', 'LB1028.68'],
    ['KF3024.C6 R67', 'law', 'KF3024'],
    ['MT130M8 G62', 'music', 'MT130'],
    ['M1010.P89 OP.26MINISCORE', 'music', 'M1010'],
    ["TD'899'M5'I584'1", 'environmental-science', 'TD899'],
    ['HA29 .M3 2008', 'statistics', 'HA29'],
    ['RT41 .B7', 'nursing', 'RT41'],
    ['RS403 .G7', 'pharmacy', 'RS403'],
    ['PL2658.E1 S5', 'chinese-language-literature', 'PL2658'],
    ['PR6058.A69 Z5', 'english-language-literature', 'PR6058'],
    ['Q325.5 .M87 2012', 'computer-science', 'Q325.5'],
    ['TK5105.888 .F55', 'computer-science', 'TK5105.888'],
    ['REF QA76.73 .S5', 'computer-science', 'QA76.73'],
    ['DVD PN1997 .C3', 'performing-arts', 'PN1997'],
  ])('reads %j as %s (class %s)', (callNumber, discipline, normalized) => {
    expect(classify(data, callNumber)).toEqual({ ok: true, scheme: 'lcc', discipline, normalized });
  });
});

describe('a call number from a medical library (NLM classification, in the letters LC leaves to it)', () => {
  it.each([
    ['WG 120 .H4 2019', 'medicine', 'WG120'],
    ['WY 100 B47 2019', 'nursing', 'WY100'],
    ['QV 55 G66 2018', 'pharmacy', 'QV55'],
    ['WA 100 .P9', 'public-health', 'WA100'],
    ['QU 450 .L4', 'biology', 'QU450'],
    ['W 18 .C6', 'medicine', 'W18'],
  ])('reads %j as %s (class %s)', (callNumber, discipline, normalized) => {
    expect(classify(data, callNumber)).toEqual({ ok: true, scheme: 'lcc', discipline, normalized });
  });

  it('still reads the LC science classes beside them as LC', () => {
    expect(countsToward('QR 46 .M5')).toBe('biology');
    expect(countsToward('QP 34.5 .G8')).toBe('biology');
  });
});

describe('a Dewey call number', () => {
  it.each([
    ['005.133 SCH', 'computer-science', '005.133'],
    ['823', 'english-language-literature', '823'],
    ['005', 'computer-science', '005'],
    ['158.20874 M3167L 2011', 'psychology', '158.20874'],
  ])('reads %j as %s', (callNumber, discipline, normalized) => {
    expect(classify(data, callNumber)).toEqual({ ok: true, scheme: 'ddc', discipline, normalized });
  });

  it('drops the prime marks MARC 082 puts where a number may be cut', () => {
    expect(classify(data, '346.7304/8')).toEqual({
      ok: true,
      scheme: 'ddc',
      discipline: 'law',
      normalized: '346.73048',
    });
  });

  it.each([
    ['CD 782.42166 C6606So', 'music'],
    ['DVD 914.0456 R42A 2015', 'geography'],
    ['REF 030 WOR', 'general-works'],
    ['J 909.8 B3266S', 'history'],
    ['E 599.75 SMI', 'biology'],
    ['Q 500 LAR', 'natural-sciences'],
    ['VIETNAM DVD 780.9597 P2182S 2014', 'music'],
  ])('looks past a shelf mark in front of the number: %j is %s', (callNumber, discipline) => {
    expect(classify(data, callNumber)).toMatchObject({ ok: true, scheme: 'ddc', discipline });
  });
});

describe('a CLC (中图法) call number', () => {
  it.each([
    ['TP312/123', 'computer-science', 'TP312'],
    ['TP312.8', 'computer-science', 'TP312.8'],
    ['TP312JA/123', 'computer-science', 'TP312JA'],
    ['I247.5', 'chinese-language-literature', 'I247.5'],
    ['K825.6=76', 'history', 'K825.6=76'],
    ['O13-44', 'mathematics', 'O13-44'],
    ['D922.291.91', 'law', 'D922.291.91'],
    ['TU-8/12', 'architecture', 'TU-8'],
    ['ＴＰ３１２．８／１２３', 'computer-science', 'TP312.8'],
  ])('reads %j as %s (class %s)', (callNumber, discipline, normalized) => {
    expect(classify(data, callNumber)).toEqual({ ok: true, scheme: 'clc', discipline, normalized });
  });

  it('takes the longest class the number begins with', () => {
    expect(countsToward('TP18/5', 'clc')).toBe('computer-science'); // artificial intelligence
    expect(countsToward('TP273/5', 'clc')).toBe('electrical-engineering'); // automation
    expect(countsToward('I561.45/2', 'clc')).toBe('english-language-literature');
    expect(countsToward('I565.45/2', 'clc')).toBe('other-languages-literatures');
    expect(countsToward('R47/3', 'clc')).toBe('nursing');
    expect(countsToward('R2/3', 'clc')).toBe('traditional-chinese-medicine');
  });
});

describe('which scheme a call number is in', () => {
  it('is LCC for class letters only LC has, CLC for those only the CLC has', () => {
    expect(classify(data, 'QA76')).toMatchObject({ scheme: 'lcc', discipline: 'computer-science' });
    expect(classify(data, 'O157.5')).toMatchObject({ scheme: 'clc', discipline: 'mathematics' });
    expect(classify(data, 'X5/2')).toMatchObject({ scheme: 'clc', discipline: 'environmental-science' });
  });

  it('is CLC for a TP number LC leaves unused, even without a book number', () => {
    // LC's TP is chemical technology, but its outline has nothing in TP302-314; CLC's TP312 is
    // programming languages.
    expect(classify(data, 'TP312')).toMatchObject({ scheme: 'clc', discipline: 'computer-science' });
  });

  it('is LCC for a bare letter and number LC covers, unless the column says CLC', () => {
    expect(classify(data, 'K825')).toMatchObject({ scheme: 'lcc', discipline: 'law' });
    expect(classify(data, 'K825', 'clc')).toMatchObject({ scheme: 'clc', discipline: 'history' });
    expect(classify(data, 'TP391.41')).toMatchObject({ scheme: 'lcc', discipline: 'food-science' });
    expect(classify(data, 'TP391.41', 'clc')).toMatchObject({ scheme: 'clc', discipline: 'computer-science' });
  });

  it('is LCC when a Cutter number follows, and CLC when the CLC syntax does', () => {
    expect(classify(data, 'E185.86 .B58')).toMatchObject({ scheme: 'lcc', discipline: 'history' });
    expect(classify(data, 'K825.6=76')).toMatchObject({ scheme: 'clc' });
    expect(classify(data, 'K825/76')).toMatchObject({ scheme: 'clc', discipline: 'history' });
    // A Cutter after a number LC does not use falls through to the CLC.
    expect(classify(data, 'TP312 C123')).toMatchObject({ scheme: 'clc', discipline: 'computer-science' });
  });

  it('reads a shelf letter before a spaced Dewey number as Dewey, unless the column says LCC', () => {
    expect(classify(data, 'E 185.86')).toMatchObject({ scheme: 'ddc', discipline: 'philosophy' });
    expect(classify(data, 'E 185.86', 'lcc')).toMatchObject({ scheme: 'lcc', discipline: 'history' });
  });

  it('reads a shelf letter glued to a number as LCC, unless the column says Dewey', () => {
    expect(classify(data, 'J909.8 B3266S 2005')).toMatchObject({ scheme: 'lcc', discipline: 'political-science' });
    expect(classify(data, 'J909.8 B3266S 2005', 'ddc')).toMatchObject({ scheme: 'ddc', discipline: 'history' });
  });

  it('reads a bare three-digit number as Dewey, even in an LCC column', () => {
    expect(classify(data, '823', 'lcc')).toMatchObject({ scheme: 'ddc', discipline: 'english-language-literature' });
  });

  it('does not let a hint force a reading the call number does not have', () => {
    expect(classify(data, 'QA76.73 .J38', 'ddc')).toMatchObject({ scheme: 'lcc', discipline: 'computer-science' });
    expect(classify(data, '005.133', 'clc')).toMatchObject({ scheme: 'ddc', discipline: 'computer-science' });
  });
});

describe('a scheme the record or the library names', () => {
  it('reads a CLC number without a book number as CLC when the column or the library says CLC', () => {
    // CNMARC 690 "F124" is the Chinese economy; read with nothing said, it is LC's F (American history).
    expect(classify(data, 'F124')).toMatchObject({ scheme: 'lcc', discipline: 'history' });
    expect(classify(data, 'F124', 'clc')).toMatchObject({ scheme: 'clc', discipline: 'economics' });
    // dp2's 905 $d and $e (class and book number) joined: CLC Chinese politics, not LC D (world history).
    expect(classify(data, 'D668 4', 'clc')).toMatchObject({ scheme: 'clc', discipline: 'political-science' });
    expect(classify(data, 'D61 bnu201', 'clc')).toMatchObject({ scheme: 'clc', discipline: 'political-science' });
  });

  it.each([
    ['lcc', 'lcc'],
    ['nlm', 'lcc'],
    ['ddc', 'ddc'],
    ['DDC23', 'ddc'],
    ['clc', 'clc'],
    [' clc5 ', 'clc'],
    ['z', 'other'],
    ['sudocs', 'other'],
    ['udc', 'other'],
    ['anscr', 'other'],
    ['rvk', null],
    ['', null],
  ])('takes source code %j ($2 of 084 or 852, Koha 952 $2) as %j', (code, scheme) => {
    expect(schemeOfSource(code)).toBe(scheme);
  });

  it('never reads a shelf mark the record calls local as a class number', () => {
    // In a Dewey column local words may come before the number...
    expect(classify(data, 'STORE 123', 'ddc')).toMatchObject({ ok: true, scheme: 'ddc' });
    // ...but Koha's class source "z" (other/generic) says it is a shelf mark, not Dewey 123.
    expect(classify(data, 'STORE 123', 'other')).toMatchObject({ ok: false, reason: 'unclassified' });
    expect(classify(data, 'QA76.73 .J38', 'other')).toMatchObject({ ok: false, reason: 'unclassified' });
  });
});

describe('what stands where a call number will be', () => {
  it.each(['IN PROCESS', 'ACQUISITION IN PROCESS', 'On order', '[In process]', 'ON ORDER.', '待编', '订购中'])(
    '%j is a placeholder, not a call number',
    (text) => {
      expect(classify(data, text, 'lcc')).toMatchObject({ ok: false, reason: 'placeholder' });
      expect(realCallNumber(text)).toBeNull();
    },
  );

  it('keeps real call numbers, tidied of extra spaces, and drops ones with no letter or digit', () => {
    expect(realCallNumber('  QA76.73  .J38 ')).toBe('QA76.73 .J38');
    expect(realCallNumber('TP312/123')).toBe('TP312/123');
    expect(realCallNumber('PROCESS ENGINEERING TP155')).toBe('PROCESS ENGINEERING TP155');
    expect(realCallNumber('-')).toBeNull();
    expect(realCallNumber('')).toBeNull();
    expect(classify(data, '-')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('fiction counts toward no discipline, and says so', () => {
  it.each([
    'FIC HAWLEY 2016',
    'F HAW',
    'FIC',
    'Fic Ishigur2005',
    'MYSTERY COTTERI 2016',
    'WESTERN BRANDT 2015',
    'CD FIC BACKMAN',
    'SPANISH FIC GARCIA',
    'E BEAN',
    'J ROWLING',
    'J/E SUTTON',
    'DVD HOBBIT',
    'DVD LAW AND Season 2',
    'FRENCH DVD GRAND B',
  ])('%j is fiction', (callNumber) => {
    const result = classify(data, callNumber);
    expect(result).toMatchObject({ ok: false, reason: 'fiction' });
    expect(result.ok === false && result.message).toMatch(/no discipline/);
  });

  it("LC's PZ is fiction", () => {
    expect(classify(data, 'PZ7.S5')).toMatchObject({ ok: false, reason: 'fiction', scheme: 'lcc', normalized: 'PZ7' });
  });

  it('an F or B followed by a number is an LC class, not a fiction or biography shelf', () => {
    expect(countsToward('F 1234 .S6')).toBe('history');
    expect(countsToward('B 105.5 .K3')).toBe('philosophy');
  });
});

describe('a call number with no class number', () => {
  it('is empty when blank', () => {
    expect(classify(data, '')).toMatchObject({ ok: false, reason: 'empty', scheme: null, normalized: null });
    expect(classify(data, '   \t ')).toMatchObject({ ok: false, reason: 'empty' });
  });

  it.each([
    ['#M3786', /local number/],
    ['##URI##', /local number/],
    ['B M278Wab', /biography/],
    ['SPL Hotspot', /shelf mark/],
    ['FAST ADD', /shelf mark/],
    ['1001', /without class letters/],
  ])('%j is unclassified', (callNumber, message) => {
    const result = classify(data, callNumber);
    expect(result).toMatchObject({ ok: false, reason: 'unclassified' });
    expect(result.ok === false && result.message).toMatch(message);
  });

  it('is an unknown class when it reads as a class number we do not map', () => {
    expect(classify(data, 'QA 950')).toMatchObject({
      ok: false,
      reason: 'unknown-class',
      scheme: 'lcc',
      normalized: 'QA950',
    });
    expect(classify(data, 'DS 950 .B7')).toMatchObject({ ok: false, reason: 'unknown-class', scheme: 'lcc' });
  });
});

describe('range edges', () => {
  it('splits LC mathematics where computing and statistics sit inside it', () => {
    expect(countsToward('QA70.9')).toBe('mathematics');
    expect(countsToward('QA71')).toBe('computer-science');
    expect(countsToward('QA90.5')).toBe('computer-science'); // a stop covers its decimals
    expect(countsToward('QA91')).toBe('mathematics');
    expect(countsToward('QA272.5')).toBe('mathematics');
    expect(countsToward('QA273')).toBe('statistics');
    expect(countsToward('QA280.9')).toBe('statistics');
    expect(countsToward('QA281')).toBe('mathematics');
  });

  it('splits LC electrical engineering where computer networks and hardware sit inside it', () => {
    expect(countsToward('TK5105.4 .A1')).toBe('electrical-engineering');
    expect(countsToward('TK5105.5 .A1')).toBe('computer-science');
    expect(countsToward('TK5106 .A1')).toBe('electrical-engineering');
    expect(countsToward('TK7895.E42 .B3')).toBe('computer-science');
  });

  it('splits Dewey where a neighbouring discipline takes a few decimals', () => {
    expect(countsToward('003.9')).toBe('general-works');
    expect(countsToward('004')).toBe('computer-science');
    expect(countsToward('006.999')).toBe('computer-science');
    expect(countsToward('007')).toBe('general-works');
    expect(countsToward('610.72')).toBe('medicine');
    expect(countsToward('610.73')).toBe('nursing');
    expect(countsToward('610.7369')).toBe('nursing');
    expect(countsToward('610.74')).toBe('medicine');
    expect(countsToward('519.4')).toBe('mathematics');
    expect(countsToward('519.5')).toBe('statistics');
    expect(countsToward('519.6')).toBe('mathematics');
    expect(countsToward('495.17')).toBe('chinese-language-literature');
    expect(countsToward('495.6')).toBe('other-languages-literatures');
    expect(countsToward('895.13')).toBe('chinese-language-literature');
    expect(countsToward('999.9')).toBe('history');
  });
});

// Real call numbers: an Evergreen test library's loans (Open-ILS concerto dataset) and
// Seattle Public Library checkouts (see fixtures/README.md).
describe('real call numbers', () => {
  const evergreen = parse(readFileSync(new URL('../../fixtures/evergreen/circ_joined.csv', import.meta.url)), {
    columns: true,
  }) as { call_number: string; lcc_050: string }[];
  const seattle = JSON.parse(
    readFileSync(new URL('../../fixtures/seattle/sample_checkout.json', import.meta.url), 'utf8'),
  ) as {
    CallNumber: string;
  }[];

  it('classifies every Evergreen item call number (a music collection)', () => {
    expect(evergreen.length).toBe(429);
    const disciplines = new Set(evergreen.map((r) => countsToward(r.call_number, 'lcc')));
    expect([...disciplines]).toEqual(['music']);
  });

  it('classifies every Evergreen MARC 050 that has class letters; the rest are bare label numbers', () => {
    const results = evergreen.map((r) => ({ raw: r.lcc_050, result: classify(data, r.lcc_050, 'lcc') }));
    const lettered = results.filter((r) => /^[A-Z]/.test(r.raw));
    expect(lettered.length).toBeGreaterThan(150);
    expect(lettered.every((r) => r.result.ok)).toBe(true);
    for (const { raw, result } of results.filter((r) => !r.result.ok)) {
      // Record labels' issue numbers catalogued in 050: "5164", "1001".
      expect(raw).toMatch(/^\d{4}$/);
      expect(result).toMatchObject({ reason: 'unclassified' });
    }
    // Three-digit ones read as Dewey, as the rules say; in this music collection they are
    // label numbers too, a known false reading ("825" is not English literature here).
    expect(classify(data, '825', 'lcc')).toMatchObject({ ok: true, scheme: 'ddc' });
  });

  it('gives every Seattle checkout a discipline or calls it fiction, but for four shelf marks', () => {
    const results = seattle.map((r) => ({ raw: r.CallNumber, result: classify(data, r.CallNumber, 'ddc') }));
    const classified = results.filter((r) => r.result.ok);
    const fiction = results.filter((r) => !r.result.ok && r.result.reason === 'fiction');
    const rest = results.filter((r) => !r.result.ok && r.result.reason !== 'fiction');
    expect(classified.length).toBe(48);
    expect(classified.every((r) => r.result.ok && r.result.scheme === 'ddc')).toBe(true);
    expect(classified.length + fiction.length).toBeGreaterThanOrEqual(0.95 * seattle.length);
    // Two biographies shelved by name, a temporary record and a lendable Wi-Fi hotspot.
    expect([...new Set(rest.map((r) => r.raw))].sort()).toEqual(['B M278Wab', 'B W686Ab', 'FAST ADD', 'SPL Hotspot']);
    expect(rest.every((r) => !r.result.ok && r.result.reason === 'unclassified')).toBe(true);
  });

  it('reads every Seattle Dewey number the same with or without the hint, but a J glued to it', () => {
    const differ = seattle
      .filter((r) => countsToward(r.CallNumber) !== countsToward(r.CallNumber, 'ddc'))
      .map((r) => r.CallNumber);
    expect(differ.sort()).toEqual(['J909.8 B3266S 2005', 'J910 C217L 2015']);
  });
});

describe('the reference data', () => {
  const referenced = (scheme: 'lcc' | 'ddc' | 'clc') => new Set(data[scheme].map((r) => r.discipline));

  it('is valid as a whole', () => {
    expect(classificationDataSchema.safeParse(data).success).toBe(true);
  });

  it('has a taxonomy of a university size, named in all three languages', () => {
    expect(data.disciplines.length).toBeGreaterThanOrEqual(40);
    expect(data.disciplines.length).toBeLessThanOrEqual(55);
    for (const d of data.disciplines) {
      expect(d.names['zh-Hans']).toMatch(/\p{Script=Han}/u);
      expect(d.names['zh-Hant']).toMatch(/\p{Script=Han}/u);
    }
  });

  it('names only disciplines that exist', () => {
    const codes = new Set(data.disciplines.map((d) => d.code));
    for (const scheme of ['lcc', 'ddc', 'clc'] as const) {
      for (const code of referenced(scheme)) expect(codes, `${scheme} names ${code}`).toContain(code);
    }
  });

  it('reaches every discipline from at least one scheme', () => {
    const reached = new Set([...referenced('lcc'), ...referenced('ddc'), ...referenced('clc')]);
    expect(data.disciplines.map((d) => d.code).filter((code) => !reached.has(code))).toEqual([]);
  });

  it('never lets two LCC ranges of one subclass claim the same number', () => {
    const broken = structuredClone(data);
    broken.lcc.push({ prefix: 'QA', start: 75, stop: 76.95, discipline: 'mathematics' });
    const result = classificationDataSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/QA75-76.95 overlaps/);
  });

  it('covers every LCC main class (A-Z), PZ fiction aside', () => {
    for (const letter of 'ABCDEFGHJKLMNPQRSTUVZ') {
      expect(
        data.lcc.some((r) => r.prefix.startsWith(letter)),
        `LCC class ${letter}`,
      ).toBe(true);
    }
    expect(data.lcc.some((r) => r.prefix === 'PZ')).toBe(false);
  });

  it('covers every Dewey number from 000 to 999', () => {
    for (let n = 0; n < 1000; n++) {
      const number = String(n).padStart(3, '0');
      expect(classify(data, number), number).toMatchObject({ ok: true, scheme: 'ddc' });
    }
  });

  it('covers the 22 CLC main classes and the T subclasses', () => {
    const classes = new Set(data.clc.map((c) => c.class));
    for (const top of 'A B C D E F G H I J K N O P Q R S T U V X Z'.split(' ')) expect(classes, top).toContain(top);
    for (const t of 'TB TD TE TF TG TH TJ TK TL TM TN TP TQ TS TU TV'.split(' ')) expect(classes, t).toContain(t);
  });

  it('names a discipline in the reader’s language, English when we do not speak it', () => {
    expect(disciplineName(data, 'computer-science', 'zh-Hans')).toBe('计算机科学');
    expect(disciplineName(data, 'computer-science', 'zh-TW')).toBe('計算機科學');
    expect(disciplineName(data, 'computer-science', 'fr')).toBe('Computer science');
    expect(disciplineName(data, 'no-such-discipline', 'en')).toBeNull();
  });
});

describe('loading the reference data', () => {
  const shipped = fileURLToPath(new URL('../../db/classification', import.meta.url));

  it('reads the shipped files once', () => {
    expect(loadClassificationData()).toBe(data);
    expect(readClassificationData(shipped)).toEqual(data);
  });

  it('names the file and the entry when a librarian’s edit breaks it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'r2b-classification-'));
    cpSync(shipped, dir, { recursive: true });
    const lcc = JSON.parse(readFileSync(join(dir, 'lcc.json'), 'utf8'));
    lcc.ranges.push({ prefix: 'QA', start: 76, stop: 76.95, discipline: 'computing' });
    writeFileSync(join(dir, 'lcc.json'), JSON.stringify(lcc));
    let message = '';
    try {
      readClassificationData(dir);
    } catch (error) {
      message = (error as Error).message;
    }
    const at = `lcc.json ranges[${lcc.ranges.length - 1}]`;
    const entry = '{"prefix":"QA","start":76,"stop":76.95,"discipline":"computing"}';
    expect(message).toContain(`${at}.discipline ${entry}: no discipline computing in disciplines.json`);
    expect(message).toContain(`${at} ${entry}: QA76-76.95 overlaps QA71-90`);
  });

  it('names the file when it is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'r2b-classification-'));
    cpSync(shipped, dir, { recursive: true });
    writeFileSync(join(dir, 'ddc.json'), '{ "ranges": [ ');
    expect(() => readClassificationData(dir)).toThrow(/ddc\.json/);
  });
});
