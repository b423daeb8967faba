// 繁體中文
import type { Catalog } from './en.js';

const zhHant: Partial<Catalog> = {
  'reason.requesters': (p) =>
    `${p.n}位薦購者` + (p.faculty ? `（教師${p.faculty}位）` : p.graduate ? `（研究生${p.graduate}位）` : ''),
  'reason.useHigh': (p) => `${p.discipline}的借閱量是其館藏占比的${p.factor}倍`,
  'reason.useLow': (p) => `${p.discipline}的借閱量僅為其館藏占比的${p.factor}倍`,
  'reason.departments': (p) => `薦購系所在${p.discipline}的借閱是全館水準的${p.factor}倍`,
  'reason.rising': (p) => `今年借閱成長${p.percent}%`,
  'reason.falling': (p) => `今年借閱下降${p.percent}%`,
  'reason.held': (p) => `館內已有${p.items}冊`,
  'reason.price': (p) => `定價${p.price}`,
  'reason.needBy': (p) => `需於${p.date}前到館`,
  'reason.noPrice': () => '暫無價格',
  'reason.separator': () => '；',
};

export default zhHant;
