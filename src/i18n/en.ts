// English: the catalogue every other language falls back to, so it has every message.
import type { Importance } from '../domain/course.js';
import uiEn from './ui-en.js';

const en = {
  ...uiEn,
  // A title known only by its ISBN, and one known by nothing at all.
  'title.pending': (p: { isbn: string }) => `ISBN ${p.isbn} (details to come)`,
  'title.untitled': () => 'Untitled',
  // A step of a title's history the service took by itself.
  'step.held': (p: { where: string }) => `Already in the library: ${p.where}`,
  'step.heldSomewhere': () => 'Already in the library.',
  'step.readingList': (p: { course: string }) => `On the reading list of ${p.course}.`,
  'step.reopened': () => 'Considered again, because someone new asked for it.',
  // Staff's notes on a title: merges, splits, editions (issue 21, item 3)
  'step.merged': (p: { title: string }) => `Merged with ${p.title}: its requests and history are here now.`,
  'step.splitFrom': (p: { title: string; n: number }) =>
    `Split off ${p.title}: ${p.n} ${p.n === 1 ? 'request' : 'requests'} moved here.`,
  'step.splitOff': (p: { title: string; n: number }) =>
    `${p.n} ${p.n === 1 ? 'request' : 'requests'} moved to a title of their own: ${p.title}.`,
  'step.otherScript': () =>
    'Merged with the same work written in the other Chinese script: its requests and history are here now.',
  'step.sameEdition': (p: { isbn: string }) =>
    `Merged with the title asked for without an ISBN that is this edition (ISBN ${p.isbn}).`,
  'step.editionConfirmed': (p: { isbn: string }) => `Edition confirmed: ISBN ${p.isbn}.`,
  'step.editionSetAside': (p: { isbn: string }) => `The proposed edition (ISBN ${p.isbn}) was set aside.`,
  // the patron's side: withdraw and edit (issue 21, item 4)
  'step.withdrawn': () => 'One of the requests for it was withdrawn.',
  'step.withdrawnLast': () => 'Withdrawn by the person who asked for it.',
  'step.edited': () => 'The requester changed the details of their request.',
  'sheet.edition': () => 'Edition',
  'sheet.series': () => 'Series',
  'reason.requesters': (p: { n: number; faculty: number; graduate: number }) =>
    `${p.n} ${p.n === 1 ? 'requester' : 'requesters'}` +
    (p.faculty ? `, ${p.faculty} faculty` : p.graduate ? `, ${p.graduate} graduate` : ''),
  'reason.editions': (p: { factor: string }) => `earlier edition ${p.factor} loans a copy`,
  'reason.ill': (p: { n: number }) => `borrowed ${p.n}× through ILL`,
  'reason.reserve': (p: { n: number }) => `author on course reserve (${p.n} loans)`,
  'reason.classBusy': (p: { factor: string }) => `its class lends ${p.factor}× the usual`,
  'reason.useHigh': (p: { discipline: string; factor: string }) =>
    `${p.discipline} circulates ${p.factor}× its share of the collection`,
  'reason.useLow': (p: { discipline: string; factor: string }) =>
    `${p.discipline} circulates only ${p.factor}× its share of the collection`,
  'reason.departments': (p: { discipline: string; factor: string }) =>
    `the requesting departments borrow ${p.factor}× as much in ${p.discipline} as the library does`,
  'reason.course': (p: { course: string; students: number | null; importance: Importance | null; more: number }) =>
    (p.importance === null
      ? `for ${p.course}`
      : p.importance === 'recommended'
        ? `recommended for ${p.course}`
        : `${p.importance} reading for ${p.course}`) +
    (p.students ? `, ${p.students.toLocaleString('en')} ${p.students === 1 ? 'student' : 'students'}` : '') +
    (p.more ? ` (and ${p.more} more ${p.more === 1 ? 'course' : 'courses'})` : ''),
  'reason.rising': (p: { percent: number }) => `rising ${p.percent}% this year`,
  'reason.falling': (p: { percent: number }) => `falling ${p.percent}% this year`,
  'reason.held': (p: { items: number }) => `already held (${p.items} ${p.items === 1 ? 'item' : 'items'})`,
  'reason.price': (p: { price: string }) => `list price ${p.price}`,
  'reason.needBy': (p: { date: string }) => `needed by ${p.date}`,
  'reason.noPrice': () => 'no price yet',
  'reason.separator': () => ' · ',

  // Messages to requesters: a subject, then the body's paragraphs.
  'mail.received.subject': (p: { title: string }) => `We received your suggestion: ${p.title}`,
  'mail.received.body': (p: { title: string; library: string }) =>
    `Thank you for suggesting ${p.title}. A selector at ${p.library} will look at it, and you will hear from us at each step.`,
  'mail.held.subject': (p: { title: string }) => `The library already has ${p.title}`,
  'mail.held.body': (p: { title: string; where: string }) => `${p.title} is already in the library: ${p.where}.`,
  'mail.in_review.subject': (p: { title: string }) => `Your suggestion is being reviewed: ${p.title}`,
  'mail.in_review.body': (p: { title: string }) => `A selector is now reviewing ${p.title}.`,
  'mail.approved.subject': (p: { title: string }) => `The library will buy ${p.title}`,
  'mail.approved.body': (p: { title: string }) =>
    `Good news: your suggestion was approved and ${p.title} will be ordered.`,
  'mail.ordered.subject': (p: { title: string }) => `${p.title} has been ordered`,
  'mail.ordered.body': (p: { title: string }) => `${p.title} has been ordered. We will tell you when it arrives.`,
  'mail.received_item.subject': (p: { title: string }) => `${p.title} has arrived`,
  'mail.received_item.body': (p: { title: string }) => `${p.title} has arrived and is being prepared for the shelves.`,
  'mail.available.subject': (p: { title: string }) => `${p.title} is ready to borrow`,
  'mail.available.body': (p: { title: string }) => `${p.title} is now in the collection and ready to borrow.`,
  'mail.available.hold': () => 'A hold has been placed for you: the book will wait for you at the circulation desk.',
  'mail.available.feedback': (p: { link: string; days: number }) =>
    `Was it what you needed? Tell us in one click (the link works for ${p.days} days): ${p.link}`,
  'mail.rejected.subject': (p: { title: string }) => `We will not buy ${p.title}`,
  'mail.rejected.body': (p: { title: string; reason: string }) =>
    `We are sorry: the library will not buy ${p.title}. The reason: ${p.reason}.`,
  'mail.rejected.next': () => 'You can still ask for it through interlibrary loan, or suggest another edition.',
  'mail.cancelled.subject': (p: { title: string }) => `Your suggestion was cancelled: ${p.title}`,
  'mail.cancelled.body': (p: { title: string }) => `Your suggestion for ${p.title} was cancelled.`,
  'mail.reopened.subject': (p: { title: string }) => `${p.title} is being considered again`,
  'mail.reopened.body': (p: { title: string }) =>
    `Another reader asked for ${p.title}, so the library is considering it again.`,
  'mail.other.subject': (p: { title: string; status: string }) => `${p.title}: ${p.status}`,
  'mail.other.body': (p: { title: string; status: string }) => `Your suggestion for ${p.title} is now: ${p.status}.`,
  'mail.reason': (p: { reason: string }) => `The library's note: ${p.reason}`,
  'mail.follow': () => 'Follow your suggestion',
  'mail.footer': (p: { library: string }) => `You receive this because you suggested a title to ${p.library}.`,

  // Notices to selectors.
  'staff.subject': (p: { fresh: number; waiting: number }) =>
    `${p.fresh} new ${p.fresh === 1 ? 'suggestion' : 'suggestions'}, ${p.waiting} waiting for review`,
  'staff.fresh': (p: { count: number }) => `New since the last notice (${p.count}):`,
  'staff.waiting': (p: { count: number; days: number }) => `In review for more than ${p.days} days (${p.count}):`,
  'staff.line': (p: { title: string; requesters: number; status: string }) =>
    `${p.title} (${p.requesters} ${p.requesters === 1 ? 'requester' : 'requesters'}, ${p.status})`,
  'staff.open': () => 'Open the buy list',

  // Department digests for faculty liaisons.
  'digest.subject': (p: { department: string; from: string; to: string }) =>
    `${p.department}: library suggestions, ${p.from} to ${p.to}`,
  'digest.intro': (p: { department: string; library: string }) =>
    `What ${p.department} asked ${p.library} to buy, what was decided, and what ranks highest now.`,
  'digest.new': (p: { count: number }) => `New suggestions (${p.count})`,
  'digest.newLine': (p: { title: string; requesters: number }) =>
    `${p.title}: ${p.requesters} ${p.requesters === 1 ? 'requester' : 'requesters'}`,
  'digest.none': () => 'None in this period.',
  'digest.decisions': (p: { count: number }) => `Decisions (${p.count})`,
  'digest.decisionLine': (p: { title: string; status: string; reason: string | null }) =>
    `${p.title}: ${p.status}${p.reason ? ` (${p.reason})` : ''}`,
  'digest.openLink': (p: { url: string }) => `Open the department view: ${p.url}`,
  'digest.top': () => 'Ranking highest now',
  'digest.budget': () => 'Budget',
  'digest.budgetLine': (p: { budget: string; committed: string; remaining: string }) =>
    `${p.budget} in all; ${p.committed} committed; ${p.remaining} remaining.`,
  'digest.noBudget': () => 'No budget is set for this department.',
  'digest.outcomes': () => 'The past year',
  'digest.outcomesNone': () => 'No requests in the past year.',
  'digest.outcomesOpen': (p: { titles: number }) =>
    `${p.titles} ${p.titles === 1 ? 'title' : 'titles'} asked for, none decided yet.`,
  'digest.outcomesFilled': (p: { filled: number; ended: number; rate: string }) =>
    `Of the ${p.ended} ${p.ended === 1 ? 'request' : 'requests'} decided, ${p.filled} ${p.filled === 1 ? 'was' : 'were'} bought (${p.rate}).`,
  'digest.outcomesDays': (p: { days: string }) => `They reached the shelf in a median of ${p.days} days.`,
  'digest.outcomesUse': (p: { loans: string; titles: number }) =>
    `In their first year, the books bought were borrowed ${p.loans} times each (${p.titles} ${p.titles === 1 ? 'title' : 'titles'}).`,
  'digest.requestsChart': () => 'Requests by discipline: this period against the one before',
  'digest.loansChart': (p: { month: string; previous: string }) =>
    `Borrowing by discipline: ${p.month} against ${p.previous}`,
  'digest.thisPeriod': () => 'this period',
  'digest.previousPeriod': () => 'the one before',
  'digest.open': () => 'Open the department view',
  'digest.footer': (p: { library: string }) => `Sent to the department's liaison by ${p.library}.`,

  // The fund allocation: why a department gets its share, in a few words.
  'alloc.reason.loans': (p: { loans: string; books: string; factor: string | null }) =>
    `${p.loans} of loans from ${p.books} of the books${p.factor ? ` (use factor ${p.factor})` : ''}`,
  'alloc.reason.noLoans': () => 'no loans in the period',
  'alloc.reason.noDisciplines': () => 'reads in no discipline',
  'alloc.reason.rising': (p: { percent: number }) => `loans up ${p.percent}% on the period before`,
  'alloc.reason.falling': (p: { percent: number }) => `loans down ${p.percent}% on the period before`,
  'alloc.reason.spend': (p: { share: string }) => `${p.share} of the spend`,
  'alloc.reason.budget': (p: { share: string }) => `${p.share} of the budgets now`,
  'alloc.reason.noBudget': () => 'no budget now',
  'alloc.reason.suggested': (p: { share: string }) => `suggested ${p.share}`,
  'alloc.reason.floor': () => 'mostly the guaranteed minimum',

  // Order records and the order sheet: notes the ILS keeps with the order, the sheet's columns.
  'order.note': (p: { requesters: number; rank: number | null; reason: string }) =>
    (p.requesters ? `Suggested by ${p.requesters} ${p.requesters === 1 ? 'requester' : 'requesters'}; ` : '') +
    (p.rank === null ? p.reason : `rank ${p.rank}: ${p.reason}`),
  'order.isbnOnly': () => 'Ordered by ISBN alone: no title was known for it when the order was made.',
  'order.noIsbn': () => 'No ISBN is known: order by title and author.',
  'order.format': (p: { format: string }) => `Asked for as: ${p.format}`,
  'order.purchaseOrder': (p: { scope: string; date: string }) =>
    `Buy list of ${p.scope} from recommend-to-buy, ${p.date}`,
  'order.library': () => 'the library',
  'sheet.isbn': () => 'ISBN',
  'sheet.title': () => 'Title',
  'sheet.author': () => 'Author',
  'sheet.publisher': () => 'Publisher',
  'sheet.year': () => 'Year',
  'sheet.format': () => 'Format',
  'sheet.quantity': () => 'Copies',
  'sheet.price': () => 'Price of one copy',
  'sheet.currency': () => 'Currency',
  'sheet.total': () => 'Total',
  'sheet.fund': () => 'Fund',
  'sheet.department': () => 'Department',
  'sheet.needBy': () => 'Needed by',
  'sheet.reasons': () => "Requesters' reasons",
  'sheet.status': () => 'Status',
  'sheet.titleId': () => 'Title number',
  // Staff editing and liaison endorsements (issue 21)
  'reason.endorsed': (p: { n: number }) => `endorsed by ${p.n === 1 ? 'a liaison' : `${p.n} liaisons`}`,
};

export type Catalog = typeof en;
export default en;
