// English: the catalogue every other language falls back to, so it has every message.
const en = {
  'reason.requesters': (p: { n: number; faculty: number; graduate: number }) =>
    `${p.n} ${p.n === 1 ? 'requester' : 'requesters'}` +
    (p.faculty ? `, ${p.faculty} faculty` : p.graduate ? `, ${p.graduate} graduate` : ''),
  'reason.useHigh': (p: { discipline: string; factor: string }) =>
    `${p.discipline} circulates ${p.factor}× its share of the collection`,
  'reason.useLow': (p: { discipline: string; factor: string }) =>
    `${p.discipline} circulates only ${p.factor}× its share of the collection`,
  'reason.departments': (p: { discipline: string; factor: string }) =>
    `the requesting departments borrow ${p.factor}× as much in ${p.discipline} as the library does`,
  'reason.rising': (p: { percent: number }) => `rising ${p.percent}% this year`,
  'reason.falling': (p: { percent: number }) => `falling ${p.percent}% this year`,
  'reason.held': (p: { items: number }) => `already held (${p.items} ${p.items === 1 ? 'item' : 'items'})`,
  'reason.price': (p: { price: string }) => `list price ${p.price}`,
  'reason.needBy': (p: { date: string }) => `needed by ${p.date}`,
  'reason.noPrice': () => 'no price yet',
  'reason.separator': () => '; ',
};

export type Catalog = typeof en;
export default en;
