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

  'mail.received.subject': (p) => `我們已收到您的薦購：${p.title}`,
  'mail.received.body': (p) => `感謝您薦購《${p.title}》。${p.library}的採訪館員將會審核，每一步進展我們都會通知您。`,
  'mail.held.subject': (p) => `館內已有《${p.title}》`,
  'mail.held.body': (p) => `《${p.title}》館內已有：${p.where}。`,
  'mail.in_review.subject': (p) => `您的薦購正在審核：${p.title}`,
  'mail.in_review.body': (p) => `採訪館員正在審核《${p.title}》。`,
  'mail.approved.subject': (p) => `圖書館將採購《${p.title}》`,
  'mail.approved.body': (p) => `好消息：您的薦購已獲核准，《${p.title}》將被訂購。`,
  'mail.ordered.subject': (p) => `《${p.title}》已訂購`,
  'mail.ordered.body': (p) => `《${p.title}》已訂購，到館後我們會通知您。`,
  'mail.received_item.subject': (p) => `《${p.title}》已到館`,
  'mail.received_item.body': (p) => `《${p.title}》已到館，正在加工上架。`,
  'mail.available.subject': (p) => `《${p.title}》可以借閱了`,
  'mail.available.body': (p) => `《${p.title}》已入藏，可以借閱。`,
  'mail.available.hold': () => '已為您預約：請到流通服務台取書。',
  'mail.rejected.subject': (p) => `圖書館不採購《${p.title}》`,
  'mail.rejected.body': (p) => `很抱歉，圖書館不採購《${p.title}》。原因：${p.reason}。`,
  'mail.rejected.next': () => '您仍可透過館際互借取得，或薦購其他版本。',
  'mail.cancelled.subject': (p) => `您的薦購已取消：${p.title}`,
  'mail.cancelled.body': (p) => `您對《${p.title}》的薦購已取消。`,
  'mail.reopened.subject': (p) => `《${p.title}》重新進入審核`,
  'mail.reopened.body': (p) => `又有讀者薦購《${p.title}》，圖書館將重新考慮。`,
  'mail.other.subject': (p) => `《${p.title}》：${p.status}`,
  'mail.other.body': (p) => `您對《${p.title}》的薦購目前狀態：${p.status}。`,
  'mail.reason': (p) => `圖書館說明：${p.reason}`,
  'mail.follow': () => '查看薦購進度',
  'mail.footer': (p) => `您收到此郵件，是因為您曾向${p.library}薦購圖書。`,

  'staff.subject': (p) => `${p.fresh}筆新薦購，${p.waiting}筆待審核`,
  'staff.fresh': (p) => `自上次通知以來的新薦購（${p.count}）：`,
  'staff.waiting': (p) => `審核超過${p.days}天（${p.count}）：`,
  'staff.line': (p) => `《${p.title}》（${p.requesters}位薦購者，${p.status}）`,
  'staff.open': () => '開啟採購清單',
};

export default zhHant;
