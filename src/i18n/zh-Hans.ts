// 简体中文
import type { Catalog } from './en.js';

const zhHans: Partial<Catalog> = {
  'reason.requesters': (p) =>
    `${p.n}位荐购者` + (p.faculty ? `（教师${p.faculty}位）` : p.graduate ? `（研究生${p.graduate}位）` : ''),
  'reason.useHigh': (p) => `${p.discipline}的借阅量是其馆藏占比的${p.factor}倍`,
  'reason.useLow': (p) => `${p.discipline}的借阅量仅为其馆藏占比的${p.factor}倍`,
  'reason.departments': (p) => `荐购院系在${p.discipline}的借阅是全馆水平的${p.factor}倍`,
  'reason.rising': (p) => `今年借阅增长${p.percent}%`,
  'reason.falling': (p) => `今年借阅下降${p.percent}%`,
  'reason.held': (p) => `馆内已有${p.items}册`,
  'reason.price': (p) => `定价${p.price}`,
  'reason.needBy': (p) => `需于${p.date}前到馆`,
  'reason.noPrice': () => '暂无价格',
  'reason.separator': () => '；',
};

export default zhHans;
