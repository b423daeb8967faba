import { describe, expect, it } from 'vitest';
import { bookFromOpenUrl, editionFromOpenUrl } from '../../src/domain/openurl.js';

describe('a discovery layer’s OpenURL, as the suggestion form reads it', () => {
  it('reads OpenURL 1.0: the book’s ISBN, title and author', () => {
    expect(
      bookFromOpenUrl({
        url_ver: 'Z39.88-2004',
        rft_val_fmt: 'info:ofi/fmt:kev:mtx:book',
        'rft.genre': 'book',
        'rft.btitle': 'The Decagon House Murders',
        'rft.aulast': 'Ayatsuji',
        'rft.aufirst': 'Yukito',
        'rft.isbn': '9781782274568',
        'rft.pub': 'Pushkin Vertigo',
        'rft.date': '2020',
      }),
    ).toEqual({ isbn: '9781782274568', title: 'The Decagon House Murders', author: 'Ayatsuji, Yukito' });
  });

  it('reads the 0.1 keys older catalogues send, and a book’s title in rft.title', () => {
    expect(bookFromOpenUrl({ genre: 'book', title: '三体', aulast: '刘慈欣', isbn: '9787536692930' })).toEqual({
      isbn: '9787536692930',
      title: '三体',
      author: '刘慈欣',
    });
    expect(bookFromOpenUrl({ 'rft.title': 'Deep Learning', 'rft.au': 'Goodfellow, Ian' })).toEqual({
      isbn: '',
      title: 'Deep Learning',
      author: 'Goodfellow, Ian',
    });
  });

  it('takes a chapter’s book, not the chapter', () => {
    expect(
      bookFromOpenUrl({ 'rft.genre': 'bookitem', 'rft.atitle': 'Chapter 3', 'rft.btitle': 'The Book' })?.title,
    ).toBe('The Book');
  });

  it('names no book for an article or a journal, or for a link with no book in it', () => {
    expect(bookFromOpenUrl({ 'rft.genre': 'article', 'rft.atitle': 'A paper', 'rft.title': 'Nature' })).toBeNull();
    expect(bookFromOpenUrl({ rft_val_fmt: 'info:ofi/fmt:kev:mtx:journal', 'rft.jtitle': 'Nature' })).toBeNull();
    expect(bookFromOpenUrl({ next: '/my/suggestions' })).toBeNull();
  });

  it('reads the edition of the book: publisher, the year of its date, edition and series', () => {
    expect(
      editionFromOpenUrl({
        'rft.btitle': 'Clean code',
        'rft.pub': 'Prentice Hall',
        'rft.date': '2008-08-01',
        'rft.edition': '1st ed.',
        'rft.series': 'Robert C. Martin series',
      }),
    ).toEqual({ publisher: 'Prentice Hall', year: '2008', edition: '1st ed.', series: 'Robert C. Martin series' });
    expect(editionFromOpenUrl({ title: '三体', pub: '重庆出版社', date: 'n.d.' })).toEqual({
      publisher: '重庆出版社',
      year: '',
      edition: '',
      series: '',
    });
    expect(editionFromOpenUrl({ 'rft.genre': 'article', 'rft.atitle': 'A paper', 'rft.pub': 'Elsevier' })).toBeNull();
  });
});
