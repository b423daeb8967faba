import { describe, expect, it } from 'vitest';
import { acquiredFrom008, acquiredFromText, acquiredFromUnimarc100, earliest } from '../../src/domain/acquired.js';

describe('when the library acquired a book', () => {
  it('reads an accession date as exports write it', () => {
    expect(acquiredFromText('2025-09-14')).toBe('2025-09-14');
    expect(acquiredFromText('20250914')).toBe('2025-09-14');
    expect(acquiredFromText('2025-09')).toBe('2025-09-01');
    expect(acquiredFromText('2025-09-14 10:32:00')).toBe('2025-09-14');
  });

  it('is no day for text that is not one', () => {
    for (const text of ['', 'yesterday', '2025-02-30', '2025-13-01', '14/09/2025', null, undefined]) {
      expect(acquiredFromText(text)).toBeNull();
    }
  });

  it("reads MARC21 008's date entered on file, 1968 onwards", () => {
    expect(acquiredFrom008('250914s2024    nyua   b    001 0 eng d')).toBe('2025-09-14');
    expect(acquiredFrom008('991231s1999    xxu           000 0 eng  ')).toBe('1999-12-31');
    expect(acquiredFrom008('680101s1967')).toBe('1968-01-01');
    expect(acquiredFrom008('      s2024')).toBeNull();
    expect(acquiredFrom008('250230s2024')).toBeNull();
  });

  it("reads UNIMARC 100 $a's date entered on file", () => {
    expect(acquiredFromUnimarc100('20080512d2008    em y0chiy50      ea')).toBe('2008-05-12');
    expect(acquiredFromUnimarc100('    0512d2008')).toBeNull();
  });

  it('takes the first copy to arrive', () => {
    expect(earliest(['2025-10-02', null, '2025-09-14'])).toBe('2025-09-14');
    expect(earliest([null])).toBeNull();
  });
});
