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

  'mail.received.subject': (p) => `我们已收到您的荐购：${p.title}`,
  'mail.received.body': (p) => `感谢您荐购《${p.title}》。${p.library}的采访馆员将会审核，每一步进展我们都会通知您。`,
  'mail.held.subject': (p) => `馆内已有《${p.title}》`,
  'mail.held.body': (p) => `《${p.title}》馆内已有：${p.where}。`,
  'mail.in_review.subject': (p) => `您的荐购正在审核：${p.title}`,
  'mail.in_review.body': (p) => `采访馆员正在审核《${p.title}》。`,
  'mail.approved.subject': (p) => `图书馆将采购《${p.title}》`,
  'mail.approved.body': (p) => `好消息：您的荐购已获批准，《${p.title}》将被订购。`,
  'mail.ordered.subject': (p) => `《${p.title}》已订购`,
  'mail.ordered.body': (p) => `《${p.title}》已订购，到馆后我们会通知您。`,
  'mail.received_item.subject': (p) => `《${p.title}》已到馆`,
  'mail.received_item.body': (p) => `《${p.title}》已到馆，正在加工上架。`,
  'mail.available.subject': (p) => `《${p.title}》可以借阅了`,
  'mail.available.body': (p) => `《${p.title}》已入藏，可以借阅。`,
  'mail.available.hold': () => '已为您预约：请到流通服务台取书。',
  'mail.rejected.subject': (p) => `图书馆不采购《${p.title}》`,
  'mail.rejected.body': (p) => `很抱歉，图书馆不采购《${p.title}》。原因：${p.reason}。`,
  'mail.rejected.next': () => '您仍可通过馆际互借获取，或荐购其他版本。',
  'mail.cancelled.subject': (p) => `您的荐购已取消：${p.title}`,
  'mail.cancelled.body': (p) => `您对《${p.title}》的荐购已取消。`,
  'mail.reopened.subject': (p) => `《${p.title}》重新进入审核`,
  'mail.reopened.body': (p) => `又有读者荐购《${p.title}》，图书馆将重新考虑。`,
  'mail.other.subject': (p) => `《${p.title}》：${p.status}`,
  'mail.other.body': (p) => `您对《${p.title}》的荐购当前状态：${p.status}。`,
  'mail.reason': (p) => `图书馆说明：${p.reason}`,
  'mail.follow': () => '查看荐购进展',
  'mail.footer': (p) => `您收到此邮件，是因为您曾向${p.library}荐购图书。`,

  'staff.subject': (p) => `${p.fresh}条新荐购，${p.waiting}条待审核`,
  'staff.fresh': (p) => `自上次通知以来的新荐购（${p.count}）：`,
  'staff.waiting': (p) => `审核超过${p.days}天（${p.count}）：`,
  'staff.line': (p) => `《${p.title}》（${p.requesters}位荐购者，${p.status}）`,
  'staff.open': () => '打开采购清单',
};

export default zhHans;
