import { describe, expect, it } from 'vitest';
import { authorsOf, headingText, nameHeading } from '../../src/domain/name-heading.js';

const heading = (name: string) => {
  const h = nameHeading(name);
  return h && { kind: h.kind, text: headingText(h) };
};

describe('an author as a catalogue heads a record', () => {
  it('files a person under the surname, the forenames after a comma', () => {
    expect(heading('Ian Goodfellow')).toEqual({ kind: 'surname', text: 'Goodfellow, Ian' });
    expect(heading('Thomas S. Kuhn')).toEqual({ kind: 'surname', text: 'Kuhn, Thomas S.' });
    expect(heading('  Christopher   M. Bishop ')).toEqual({ kind: 'surname', text: 'Bishop, Christopher M.' });
  });

  it('keeps a name already written surname first', () => {
    expect(heading('Kuhn, Thomas S.')).toEqual({ kind: 'surname', text: 'Kuhn, Thomas S.' });
    expect(heading('King, Martin Luther, Jr.')).toEqual({ kind: 'surname', text: 'King, Martin Luther, Jr.' });
  });

  it('puts Jr. after the forenames, and files a capitalised particle with the surname, a lower-case one after the forenames', () => {
    expect(heading('Martin Luther King Jr.')).toEqual({ kind: 'surname', text: 'King, Martin Luther, Jr.' });
    expect(heading('Ursula K. Le Guin')).toEqual({ kind: 'surname', text: 'Le Guin, Ursula K.' });
    expect(heading('Ludwig van Beethoven')).toEqual({ kind: 'surname', text: 'Beethoven, Ludwig van' });
  });

  it('writes a Chinese, Japanese or Korean name whole, surname first as it is', () => {
    expect(nameHeading('余华')).toEqual({ kind: 'direct', name: '余华', surnameFirst: true });
    expect(nameHeading('村上 春樹')).toEqual({ kind: 'direct', name: '村上春樹', surnameFirst: true });
    expect(nameHeading('托马斯·库恩')).toEqual({ kind: 'direct', name: '托马斯·库恩', surnameFirst: true });
  });

  it('enters a single name as it is', () => {
    expect(nameHeading('Plato')).toEqual({ kind: 'direct', name: 'Plato', surnameFirst: false });
  });

  it('heads a body as a body, in any of our scripts, and not a person whose surname is also a word', () => {
    expect(heading('National Research Council')?.kind).toBe('corporate');
    expect(heading('OECD')?.kind).toBe('corporate');
    expect(heading('国家统计局')?.kind).toBe('corporate');
    expect(heading('中国社会科学院')?.kind).toBe('corporate');
    expect(heading('Melissa Bank')).toEqual({ kind: 'surname', text: 'Bank, Melissa' });
  });

  it('is nothing for no name', () => {
    expect(nameHeading('  ')).toBeNull();
  });
});

describe('the authors of a title as stored', () => {
  it('are split where people join them', () => {
    expect(authorsOf('Hunt, Andrew; Thomas, David')).toEqual(['Hunt, Andrew', 'Thomas, David']);
    expect(authorsOf('Andrew Hunt and David Thomas')).toEqual(['Andrew Hunt', 'David Thomas']);
    expect(authorsOf('Abelson & Sussman')).toEqual(['Abelson', 'Sussman']);
    expect(authorsOf(null)).toEqual([]);
  });
});
