import { describe, expect, it } from 'vitest';
import {
  authorKey,
  classUseRatio,
  editionKeys,
  editionLoansPerCopy,
  editionsSignal,
  illSignal,
  NO_EVIDENCE,
  narrowClass,
  narrowClassSignal,
  reserveSignal,
  shelfKey,
  tidyCallNumber,
} from '../../src/domain/title-evidence.js';

describe('the keys an edition is known by', () => {
  it('meets its other editions by main title and first author, however the catalogue wrote them', () => {
    const first = editionKeys({
      callNumber: 'QA403.5 .S74 2003',
      title: 'Fourier analysis : an introduction',
      author: 'Stein, Elias M., 1931-2018.',
    });
    const second = editionKeys({ isbn13: '9780691113845', title: 'Fourier Analysis', author: 'Elias M. Stein' });
    expect(first!.work).toBe(second!.work);
    expect(first!.edition).not.toBe(second!.edition);
    expect(first!.author).toBe('stein e');
    expect(second!.author).toBe('stein e');
  });

  it('meets them by class and Cutter when the shelf is all there is', () => {
    expect(shelfKey('QA403.5 .S74 2003')).toBe(shelfKey('QA403.5 .S74 2011'));
    expect(shelfKey('QA403.5.S74 2011')).toBe('lcc:QA403.5 S74');
    expect(shelfKey('515.2433 S819f')).toBe('ddc:515.2433 S819');
    expect(shelfKey('QA403')).toBeNull();
  });

  it('leaves catalogue relators and dates out of an author', () => {
    expect(authorKey('Aeschylus, author.')).toBe('aeschylus');
    expect(authorKey('刘慈欣')).toBe('刘慈欣');
    expect(authorKey('Hunt, Andrew; Thomas, David')).toBe('hunt a');
  });

  it('files a title in a class number narrow enough to say something of one book', () => {
    expect(narrowClass('lcc', 'QA276.A2')).toBe('lcc:QA276');
    expect(narrowClass('ddc', '519.536')).toBe('ddc:519.5');
    expect(narrowClass('ddc', '519')).toBe('ddc:519');
    expect(narrowClass('clc', 'TP312.8')).toBe('clc:TP31');
    expect(narrowClass('clc', 'F124')).toBe('clc:F12');
  });
});

describe('a call number as compared', () => {
  it.each([
    ['QA76.76 .M37 2009', 'QA76.76 .M37 2009'],
    ['qa76.76 .m37 2009', 'QA76.76 .M37 2009'],
    ['QA76.76  .M37\t2009', 'QA76.76 .M37 2009'],
    [' QA76.76 .M37 2009 ', 'QA76.76 .M37 2009'],
    ['ＱＡ７６.７６ .Ｍ３７', 'QA76.76 .M37'],
    ['TP311.13 /Z123', 'TP311.13 /Z123'],
    ['QA76\u00a0.M37', 'QA76 .M37'],
  ])('is %j written %j: one case, single spaces, full width folded', (written, tidied) => {
    expect(tidyCallNumber(written)).toBe(tidied);
  });
});

describe('the evidence signals', () => {
  it('give nothing where there is no evidence, and never a penalty for it', () => {
    expect(editionsSignal(editionLoansPerCopy(NO_EVIDENCE))).toBe(0);
    expect(illSignal(NO_EVIDENCE.illLoans)).toBe(0);
    expect(reserveSignal(NO_EVIDENCE.authorReserveLoans)).toBe(0);
    expect(narrowClassSignal(classUseRatio(NO_EVIDENCE, 2))).toBe(0);
  });

  it('grow with the evidence, more slowly the more there is, up to a cap', () => {
    expect(editionsSignal(1)).toBeLessThan(editionsSignal(4));
    expect(editionsSignal(4) - editionsSignal(1)).toBeLessThan(editionsSignal(4));
    expect(editionsSignal(10_000)).toBe(3);
    expect(illSignal(1)).toBeGreaterThan(0);
    expect(reserveSignal(40)).toBeGreaterThan(reserveSignal(4));
  });

  it('put an earlier edition’s loans per copy: five loans of one copy say more than five of five', () => {
    const one = editionLoansPerCopy({ ...NO_EVIDENCE, editionLoans: 5, editionCopies: 1 });
    const five = editionLoansPerCopy({ ...NO_EVIDENCE, editionLoans: 5, editionCopies: 5 });
    expect(editionsSignal(one)).toBeGreaterThan(editionsSignal(five));
  });

  it('read a narrow class against the library: twice the loans per title is +1, half is -1', () => {
    const busy = classUseRatio({ ...NO_EVIDENCE, inClass: true, classLoans: 40, classTitles: 10 }, 2);
    const quiet = classUseRatio({ ...NO_EVIDENCE, inClass: true, classLoans: 10, classTitles: 10 }, 2);
    expect(narrowClassSignal(busy)).toBe(1);
    expect(narrowClassSignal(quiet)).toBe(-1);
    // Nothing lent from the class at all: as quiet as a class gets. No class known: nothing said.
    expect(classUseRatio({ ...NO_EVIDENCE, inClass: true }, 2)).toBe(0);
    expect(classUseRatio(NO_EVIDENCE, 2)).toBeNull();
  });
});
