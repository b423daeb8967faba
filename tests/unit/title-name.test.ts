import { describe, expect, it } from 'vitest';
import { titleName } from '../../src/domain/title-name.js';

describe('the name a title goes by', () => {
  it('is its title when it has one', () => {
    expect(titleName({ title: 'Clean Code', isbn13: '9780132350884' }, 'en')).toBe('Clean Code');
  });

  it('is its ISBN as the book prints it, with its details to come, before a provider names it', () => {
    expect(titleName({ title: null, isbn13: '9780132350884' }, 'en')).toBe('ISBN 978-0-13-235088-4 (details to come)');
    expect(titleName({ title: '  ', isbn13: '9787536692930' }, 'zh-Hant')).toBe(
      'ISBN 978-7-5366-9293-0（書目資料待補）',
    );
  });

  it('says so when there is neither', () => {
    expect(titleName({ title: null, isbn13: null }, 'zh-Hans')).toBe('无题名');
  });
});
