// An author as a catalogue heads a record with them. Providers and patrons write names the way
// they are read ("Ian Goodfellow", "Thomas S. Kuhn"); MARC files a person under the surname
// and says so (100 1_ "Goodfellow, Ian"; UNIMARC 700 _1 $a Goodfellow $b Ian), a name already
// surname first stays as written ("Kuhn, Thomas S."), a Chinese, Japanese or Korean name is
// surname first by itself (余华: MARC 21 100 1_, CNMARC 700 _0, written whole), and a body
// (国家统计局, "National Research Council") is a corporate heading (110 2_, 710 02).

export type NameHeading =
  | { kind: 'surname'; surname: string; forenames: string; suffix: string }
  /** a name entered as it is written, surname first (CJK) or a single name ("Plato") */
  | { kind: 'direct'; name: string; surnameFirst: boolean }
  | { kind: 'corporate'; name: string };

// Words that make a name a body's rather than a person's, in the languages of our catalogues.
// Words that are also surnames (Bank, Press) are left out: "Melissa Bank" is a novelist.
const CORPORATE_WORDS =
  /\b(?:academy|agency|association|board|bureau|center|centre|college|commission|committee|company|corporation|council|department|federation|foundation|inc|institute|institution|laborator(?:y|ies)|library|ltd|ministry|museum|office|organi[sz]ation|publish(?:ers|ing)|school|society|university)\b/i;
// Chinese bodies end in what they are (国家统计局, 中国社会科学院); a person's given name does not.
const CORPORATE_ENDINGS =
  /.(?:局|部|委员会|委員會|协会|協會|学会|學會|研究会|研究會|研究院|学院|學院|研究所|出版社|杂志社|雜誌社|中心|大学|大學|公司|集团|集團|图书馆|圖書館)$/u;
// Han, kana and Hangul, with the middle dot of transliterated foreign names (托马斯·库恩).
const CJK_NAME = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}·・\s]+$/u;
const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;
// A particle in lower case follows the forenames ("Beethoven, Ludwig van"); a capitalised one
// is part of the surname ("Le Guin, Ursula K.", "Van Buren, Martin"), as AACR2 and RDA file them.
const PARTICLE = /^(?:da|de|del|della|der|di|du|la|le|van|von|ten|ter|dos|das|st\.?)$/i;

/** The heading for one author as written; null for no name. */
export function nameHeading(written: string): NameHeading | null {
  const name = written.trim().replace(/\s+/g, ' ');
  if (name === '') return null;
  if (CJK_NAME.test(name)) {
    return CORPORATE_ENDINGS.test(name)
      ? { kind: 'corporate', name }
      : { kind: 'direct', name: name.replace(/\s+/g, ''), surnameFirst: true };
  }
  if (CORPORATE_WORDS.test(name) || /^[A-Z]{2,}$/.test(name)) return { kind: 'corporate', name };
  if (name.includes(',')) {
    const [surname = '', forenames = '', ...rest] = name.split(',').map((p) => p.trim());
    return { kind: 'surname', surname, forenames, suffix: rest.join(', ') };
  }
  const words = name.split(' ');
  const suffix = words.length > 2 && SUFFIX.test(words.at(-1)!) ? words.pop()! : '';
  if (words.length === 1) return { kind: 'direct', name: words[0]!, surnameFirst: false };
  let start = words.length - 1;
  while (start > 1 && PARTICLE.test(words[start - 1]!) && /^\p{Lu}/u.test(words[start - 1]!)) start--;
  return {
    kind: 'surname',
    surname: words.slice(start).join(' '),
    forenames: words.slice(0, start).join(' '),
    suffix,
  };
}

/** The heading as MARC 21 writes it in $a: "Goodfellow, Ian", "King, Martin Luther, Jr.". */
export function headingText(heading: NameHeading): string {
  if (heading.kind !== 'surname') return heading.name;
  return [heading.surname, heading.forenames, heading.suffix].filter(Boolean).join(', ');
}

/** The authors of a title as stored: "Hunt, Andrew; Thomas, David", "Andrew Hunt and David Thomas". */
export function authorsOf(author: string | null | undefined): string[] {
  return (author ?? '')
    .split(/\s*;\s*|\s+&\s+|\s+and\s+/)
    .map((a) => a.trim())
    .filter(Boolean);
}
