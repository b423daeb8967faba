// English for the web pages. Part of the English catalogue (en.ts), which every other language
// falls back to.
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const uiEn = {
  'ui.brand': () => 'Library suggestions',
  'ui.skip': () => 'Skip to the main content',
  'ui.footer': (p: { library: string }) => `${p.library} · recommend-to-buy`,
  'ui.signIn': () => 'Sign in',
  'ui.signOut': () => 'Sign out',
  'ui.yes': () => 'Yes',
  'ui.no': () => 'No',
  'ui.or': () => 'or',

  'ui.nav.label': () => 'Main',
  'ui.nav.language': () => 'Language',
  'ui.nav.suggest': () => 'Suggest a book',
  'ui.nav.mine': () => 'My suggestions',
  'ui.nav.buylist': () => 'Buy list',
  'ui.nav.departments': () => 'Departments',
  'ui.nav.imports': () => 'Imports',
  'ui.nav.department': () => 'My department',
  'ui.nav.api': () => 'API',

  'ui.role.patron': () => 'Patron',
  'ui.role.selector': () => 'Selector',
  'ui.role.liaison': () => 'Liaison',
  'ui.role.admin': () => 'Administrator',
  'ui.category.faculty': () => 'faculty',
  'ui.category.graduate': () => 'graduate student',
  'ui.category.undergraduate': () => 'undergraduate',
  'ui.category.staff': () => 'staff',
  'ui.category.public': () => 'public',

  'ui.format.print': () => 'Print',
  'ui.format.ebook': () => 'E-book',
  'ui.format.audiobook': () => 'Audiobook',

  'ui.error.home': () => 'Go to the start page',
  'ui.error.notFound': () => 'Page not found',
  'ui.error.notFoundDetail': () =>
    'There is nothing here for you. The address may be mistyped, or the page is not yours to see.',
  'ui.error.forbidden': () => 'Not for this account',
  'ui.error.forbiddenDetail': () => 'You are signed in, but this page is for other library staff.',
  'ui.error.forgery': () => 'The form could not be accepted',
  'ui.error.forgeryDetail': () =>
    'It did not come from this site, or the page was open too long. Go back, reload the page and try again.',
  'ui.error.tooLarge': () => 'Too much to send',
  'ui.error.tooLargeDetail': () => 'The form is larger than the service accepts. Shorten the text and try again.',
  'ui.error.unreadable': () => 'The form could not be read',
  'ui.error.unreadableDetail': () =>
    'What the browser sent was incomplete or damaged. Go back, reload the page and try again.',
  'ui.error.bad': () => 'That did not work',
  'ui.error.badDetail': () => 'The request could not be carried out. Go back, reload the page and try again.',
  'ui.error.internal': () => 'Something went wrong on our side',
  'ui.error.internalDetail': () => 'The error has been logged. Please try again in a moment.',

  'ui.error.slowDown': () => 'Too many tries',
  'ui.error.slowDownDetail': (p: { seconds: number }) =>
    `Please wait ${p.seconds} ${p.seconds === 1 ? 'second' : 'seconds'} before trying again.`,

  'ui.form.problems': () => 'There is a problem',
  'ui.form.tooLong': (p: { max: number }) =>
    `This is too long: it can have at most ${p.max.toLocaleString('en')} characters. Shorten it and send it again.`,
  'ui.form.date': () => 'Give a date as day, month and year.',
  'ui.form.invalid': () => 'Check this answer: the library cannot take it as it is.',
  'ui.form.choose': () => 'Choose one of the options.',

  'ui.signin.title': () => 'Sign in',
  'ui.signin.failed': () => 'You are not signed in',
  'ui.signin.refused': () => 'That token is not valid, or has been revoked. Check it and try again.',
  'ui.signin.empty': () => 'Enter your access token.',
  'ui.signin.notStarted': () =>
    'This sign-in was not started in this browser, or took longer than ten minutes. Please sign in again.',
  'ui.signin.libraryRefused': () =>
    'Signing in with your library account did not succeed. Please try again, or ask the library for help.',
  'ui.signin.library': () => 'Sign in with your library account',
  'ui.signin.demo': () => 'Demo library: choose who you are',
  'ui.signin.demoHint': () =>
    'This is a demonstration. Sign in as one of its patrons to suggest books, or as staff to work the buy list.',
  'ui.signin.patrons': () => 'Patrons',
  'ui.signin.staff': () => 'Staff',
  'ui.signin.token': () => 'Sign in with an access token',
  'ui.signin.tokenLabel': () => 'Access token',
  'ui.signin.tokenHint': () => 'Staff tokens begin with r2b_ and come from the library’s administrator.',

  'ui.suggest.title': () => 'Suggest a book',
  'ui.suggest.lede': () => 'Tell us what the library should buy. We will tell you what happens at every step.',
  'ui.suggest.noPatron': () =>
    'This account speaks for no patron, so it cannot suggest. Sign in as a patron to suggest a book.',
  'ui.suggest.isbn': () => 'ISBN',
  'ui.suggest.isbnHint': () =>
    'The 10 or 13 digits on the back cover or the publisher’s page. Hyphens and spaces are fine.',
  'ui.suggest.lookUp': () => 'Look up',
  'ui.suggest.noIsbn': () => 'No ISBN? Give the title and author instead',
  'ui.suggest.bookTitle': () => 'Title',
  'ui.suggest.author': () => 'Author',
  'ui.suggest.format': () => 'Format',
  'ui.suggest.reason': () => 'Why should the library buy it?',
  'ui.suggest.reasonHint': () => 'Optional. A course, a project, who would use it: selectors read this.',
  'ui.suggest.needBy': () => 'Needed by',
  'ui.suggest.needByHint': () => 'Optional. The date you need it by, such as the start of a course.',
  'ui.suggest.course': () => 'For a course you teach',
  'ui.suggest.courseHint': () =>
    'Optional, for faculty and liaisons. Name the course and how many students will take it, and the library can buy copies for the class.',
  'ui.suggest.courseCode': () => 'Course code',
  'ui.suggest.courseCodeHint': () => 'As the university writes it, such as HIST 210.',
  'ui.suggest.courseTerm': () => 'Term',
  'ui.suggest.courseTermHint': () => 'Such as 2027 Spring or 2027-S1.',
  'ui.suggest.courseEnrolment': () => 'Expected enrolment',
  'ui.suggest.courseEnrolmentHint': () => 'Students, from 1 to 5,000.',
  'ui.suggest.courseCodeInvalid': () =>
    'Give the course code in letters and digits, such as HIST 210, in at most 30 characters.',
  'ui.suggest.courseTermInvalid': () =>
    'Give the term in letters and digits, such as 2027 Spring, in at most 40 characters.',
  'ui.suggest.courseEnrolmentInvalid': () => 'Give the number of students as a whole number from 1 to 5,000.',
  'ui.suggest.courseFieldNeeded': () =>
    'A course needs its code, term and enrolment: fill this in, or leave all three empty.',
  'ui.suggest.courseNotAllowed': () => 'Only faculty and liaisons can suggest a book for a course.',
  'ui.suggest.hold': () => 'Hold a copy for me when it arrives',
  'ui.suggest.send': () => 'Send suggestion',
  'ui.suggest.thanks': () => 'Thank you: we received your suggestion. You will hear from us at each step.',
  'ui.suggest.pooled': (p: { others: number }) =>
    `Thank you: your voice is added to ${plural(p.others, 'other person', 'other people')} who asked for this book.`,
  'ui.suggest.already': () => 'You suggested this book before. Here is where it stands.',
  'ui.suggest.held': (p: { where: string }) =>
    `The library already has this book (${p.where}), so it is not suggested: you can borrow it.`,
  'ui.suggest.heldNoWhere': () => 'The library already has this book, so it is not suggested: you can borrow it.',
  'ui.suggest.needIsbnOrTitle': () => 'Give an ISBN, or a title (and the author if you know it).',
  'ui.suggest.titleLetters': () => 'The title needs at least one letter or digit.',
  'ui.suggest.needByPast': () => 'That date has passed. Give a date in the future, or leave it empty.',
  'ui.suggest.limitOpen': (p: { max: number }) =>
    `You have ${plural(p.max, 'suggestion', 'suggestions')} waiting for a decision, the most the library allows at once. You can suggest again when one of them is decided.`,
  'ui.suggest.limitRecent': (p: { max: number; days: number; from: string }) =>
    `You have made ${plural(p.max, 'suggestion', 'suggestions')} in the last ${p.days} days, the most the library allows. You can suggest again from ${p.from}.`,

  'ui.isbn.checksum': (p: { candidates: string[] }) =>
    `The check digit does not match, so a digit may be mistyped.${p.candidates.length ? ' Did you mean one of the ISBNs below?' : ''}`,
  'ui.isbn.ean': () => 'This is a product barcode, not an ISBN: a book’s ISBN-13 begins with 978 or 979.',
  'ui.isbn.notIsbn': (p: { candidates: string[] }) =>
    `This is not an ISBN: an ISBN has 10 or 13 digits.${p.candidates.length ? ' Did you mean one of the ISBNs below?' : ''}`,

  'ui.lookup.didYouMean': () => 'Did you mean',
  'ui.lookup.unknown': () => 'We could not find this ISBN’s details. You can still suggest it.',
  'ui.lookup.slow': () => 'The book’s details are taking a while to arrive. You can still suggest it.',
  'ui.lookup.held': (p: { items: number }) =>
    `The library already has this book (${plural(p.items, 'copy', 'copies')}):`,
  'ui.lookup.inCollection': () => 'The library already has this book.',
  'ui.lookup.borrow': () => 'There is no need to suggest it: you can borrow it.',
  'ui.lookup.catalogue': () => 'See it in the catalogue',
  'ui.lookup.yours': () => 'You have suggested this book already.',
  'ui.lookup.seeStatus': () => 'See where it stands',
  'ui.lookup.others': (p: { count: number }) => `${plural(p.count, 'person has', 'people have')} asked for this too.`,
  'ui.lookup.status': (p: { status: string }) => `Status: ${p.status}.`,
  'ui.lookup.addVoice': () => 'Add your voice',

  'ui.mine.title': () => 'My suggestions',
  'ui.mine.none': () => 'You have not suggested anything yet.',
  'ui.mine.book': () => 'Book',
  'ui.mine.status': () => 'Status',
  'ui.mine.asked': () => 'Suggested on',
  'ui.mine.requesters': () => 'People asking',
  'ui.mine.another': () => 'Suggest another book',
  'ui.mine.now': () => 'Now:',
  'ui.mine.history': () => 'What has happened',
  'ui.mine.yourRequest': () => 'Your request',
  'ui.mine.course': (p: { course: string; term: string; students: number }) =>
    `${p.course}, ${p.term}, ${plural(p.students, 'student', 'students')}`,
  'ui.mine.hold': () => 'Hold when it arrives',
  'ui.mine.holdWaiting': () => 'A copy is held for you at the library.',
  'ui.mine.alternatives': () =>
    'You may still get it through interlibrary loan, or the library may hold another edition: ask at the desk.',
  'ui.mine.pooled': (p: { count: number }) => `${plural(p.count, 'person is', 'people are')} asking for this book.`,

  'ui.buylist.title': () => 'Buy list',
  'ui.buylist.lede': () => 'Open suggestions ranked by demand. Each line says why; open the score to see its parts.',
  'ui.buylist.filters': () => 'Filters',
  'ui.buylist.department': () => 'Department',
  'ui.buylist.fund': () => 'Fund',
  'ui.buylist.discipline': () => 'Discipline',
  'ui.buylist.status': () => 'Status',
  'ui.buylist.format': () => 'Format',
  'ui.buylist.limit': () => 'Titles',
  'ui.buylist.any': () => 'Any',
  'ui.buylist.awaiting': () => 'Awaiting a decision',
  'ui.buylist.all': () => 'The whole library, not only my assignment',
  'ui.buylist.show': () => 'Show',
  'ui.buylist.noBudget': () => 'Choose a department or fund to see its budget and the cut line.',
  'ui.buylist.budget': (p: { budget: string; used: string }) => `Budget ${p.budget}: ${p.used} spoken for`,
  'ui.buylist.committed': (p: { committed: string; remaining: string }) =>
    `${p.committed} committed to titles already approved or ordered; ${p.remaining} remaining.`,
  'ui.buylist.fits': (p: { count: number; all: boolean; total: string }) =>
    p.count === 0
      ? 'None of these titles fits in what remains of the budget.'
      : p.all
        ? p.count === 1
          ? `The title fits (${p.total}).`
          : `All ${p.count} titles shown fit (${p.total}).`
        : p.count === 1
          ? `The first title fits (${p.total}).`
          : `The first ${p.count} titles fit (${p.total}).`,
  'ui.buylist.budgetField': (p: { currency: string }) => `Budget (${p.currency})`,
  'ui.buylist.budgetHint': () => 'Empty: the department’s or fund’s own',
  'ui.buylist.budgetInvalid': () => 'Give the budget as an amount, such as 1500 or 1500.50.',
  'ui.buylist.noSuchScope': () => 'There is no department or fund by that name. Choose one from the list.',
  'ui.buylist.badFilter': () => 'The list cannot be shown with these filters. Choose them again from the lists.',
  'ui.buylist.csv': () => 'Download CSV',
  'ui.buylist.marc': () => 'Download MARC order records',
  'ui.buylist.orderSheet': () => 'Download the order sheet',
  'ui.buylist.orderRecordsFor': () => 'MARC order records for',
  'ui.buylist.download': () => 'Download',
  'ui.buylist.folioOrder': () => 'Download a FOLIO purchase order',
  'ui.buylist.profile.evergreen': () => 'Evergreen',
  'ui.buylist.profile.koha': () => 'Koha',
  'ui.buylist.profile.folio': () => 'FOLIO',
  'ui.buylist.profile.cnmarc': () => 'Chinese ILSs (CNMARC)',
  'ui.buylist.folioVendorMissing': () =>
    'FOLIO cannot take this order yet: an administrator has to give recommend-to-buy the FOLIO id of the vendor (the setting FOLIO_VENDOR_ID).',
  'ui.buylist.folioFundMissing': (p: { fund: string }) =>
    `FOLIO cannot take this order yet: an administrator has to give recommend-to-buy the FOLIO id of the fund ${p.fund} (the setting FOLIO_FUND_IDS).`,
  'ui.buylist.empty': () => 'No titles match.',
  'ui.buylist.bulk': () => 'Act on the selected titles',
  'ui.buylist.selectAll': () => 'Select all',
  'ui.buylist.bulkTo': () => 'With the selected titles',
  'ui.buylist.reasonIfNeeded': () => 'Reason (to reject)',
  'ui.buylist.applySelected': () => 'Apply',
  'ui.buylist.caption': (p: { count: number }) => `${plural(p.count, 'title', 'titles')}, highest demand first`,
  'ui.buylist.select': () => 'Select',
  'ui.buylist.selectTitle': (p: { title: string }) => `Select ${p.title}`,
  'ui.buylist.titleCol': () => 'Title and why',
  'ui.buylist.requesters': () => 'Asked',
  'ui.buylist.score': () => 'Score',
  'ui.buylist.price': () => 'Price',
  'ui.buylist.copies': () => 'Copies',
  'ui.buylist.running': () => 'Running total',
  'ui.buylist.actions': () => 'Actions',
  'ui.buylist.unscored': () => 'not scored yet',
  'ui.buylist.cutLine': () => 'The budget runs out here: the titles below do not fit.',
  'ui.buylist.chooseReason': () => 'Choose a reason',
  'ui.buylist.reason': () => 'Reason',
  'ui.buylist.moved': (p: { count: number; status: string }) =>
    `${plural(p.count, 'title', 'titles')} now ${p.status}.`,
  'ui.buylist.refusedHeading': (p: { count: number }) => `${plural(p.count, 'title', 'titles')} could not be moved:`,
  'ui.buylist.refused.gone': () =>
    'A selected title is no longer on the list: it may have been merged with another edition.',
  'ui.buylist.refused.forbidden': (p: { title: string; from: string; to: string }) =>
    `“${p.title}” is ${p.from}, so it cannot be moved to ${p.to}.`,
  'ui.buylist.refused.changed': (p: { title: string; status: string }) =>
    `“${p.title}” was moved to ${p.status} by someone else a moment ago, so it was left there.`,
  'ui.buylist.refused.reason': (p: { title: string; to: string }) =>
    `“${p.title}” was not moved to ${p.to}: that needs a reason for its requesters.`,
  'ui.buylist.refused.other': (p: { title: string }) =>
    `“${p.title}” could not be moved. Reload the list and try again.`,
  'ui.buylist.refused.more': (p: { count: number }) =>
    `${plural(p.count, 'more title', 'more titles')} could not be moved either.`,
  'ui.buylist.reasonNeeded': (p: { to: string }) =>
    `Nothing was moved: choose a reason to move titles to ${p.to}. Their requesters will read it.`,
  'ui.buylist.unknownAction': () => 'Nothing was moved: choose what to do with the selected titles from the list.',
  'ui.buylist.badReason': () => 'Nothing was moved: the reason is too long. Choose one of the listed reasons.',
  'ui.buylist.noneChosen': () => 'Select at least one title first.',
  'ui.flag.no-price': () => 'no price',
  'ui.ils.pending': (p: { system: string }) => `Waiting to go to ${p.system}`,
  'ui.ils.sent': (p: { system: string; id: string }) => `In ${p.system} as ${p.id}`,
  'ui.ils.says': (p: { system: string; status: string }) => `${p.system} says ${p.status}`,
  'ui.ils.dead': (p: { system: string }) => `Not sent to ${p.system}: an administrator can retry it`,
  'ui.nav.ils': () => 'ILS',
  'ui.ils.title': () => 'Titles sent to the ILS',
  'ui.ils.none': () =>
    "No ILS is connected: approved titles stay here until an administrator connects one in the service's settings.",
  'ui.ils.counts': (p: { system: string; pending: number; sent: number; dead: number }) =>
    `${p.system} has ${plural(p.sent, 'title', 'titles')} from us; ${p.pending} waiting to go; ${p.dead} given up on.`,
  'ui.ils.synced': (p: { system: string; at: string }) => `Statuses last read back from ${p.system} at ${p.at} (UTC).`,
  'ui.ils.neverSynced': (p: { system: string }) => `Nothing has been read back from ${p.system} yet.`,
  'ui.ils.failures': (p: { system: string }) => `Titles given up on, with what ${p.system} answered`,
  'ui.ils.attempts': () => 'Tries',
  'ui.ils.answer': (p: { system: string }) => `What ${p.system} answered`,
  'ui.ils.retry': () => 'Try them all again',
  'ui.ils.retried': (p: { count: number }) => `${plural(p.count, 'title goes', 'titles go')} again at the next push.`,
  'ui.flag.held': () => 'held',
  'ui.flag.unscored': () => 'not scored',
  'ui.component.requesters': () => 'Requesters',
  'ui.component.editions': () => 'Earlier editions’ loans',
  'ui.component.ill': () => 'Borrowed through ILL',
  'ui.component.reserve': () => 'Author on course reserve',
  'ui.component.narrowClass': () => 'Use of its class number',
  'ui.component.useFactor': () => 'Use of the discipline',
  'ui.component.departments': () => 'Departments’ use',
  'ui.component.trend': () => 'Trend',
  'ui.component.held': () => 'Already held',
  'ui.component.price': () => 'Price',
  'ui.component.needBy': () => 'Needed by',
  'ui.component.course': () => 'Course use',

  'ui.dept.period': (p: { from: string; to: string }) => `Since the last digest: ${p.from} to ${p.to}`,
  'ui.dept.top': () => 'Ranking highest now',
  'ui.dept.none': () => 'None.',
  'ui.dept.new': (p: { count: number }) => `New suggestions (${p.count})`,
  'ui.dept.decisions': (p: { count: number }) => `Decisions (${p.count})`,
  'ui.dept.requesters': (p: { count: number }) => plural(p.count, 'requester', 'requesters'),
  'ui.dept.requestsChart': () => 'Requests by discipline: this period against the one before',
  'ui.dept.loansChart': (p: { month: string; previous: string }) =>
    `Borrowing by discipline: ${p.month} against ${p.previous}`,
  'ui.dept.thisPeriod': () => 'this period',
  'ui.dept.previousPeriod': () => 'the one before',
  'ui.dept.digest': () => 'This week’s digest',
  'ui.dept.digestTo': (p: { email: string }) => `It goes to ${p.email} on the next scheduled run.`,
  'ui.dept.digestQuiet': () => 'Nothing is new, so no digest will be sent this week.',
  'ui.dept.preview': () => 'Preview the digest',
  'ui.dept.previewText': () => 'Preview as plain text',
  'ui.dept.noLiaison': () => 'no liaison',

  'ui.imports.title': () => 'Imports',
  'ui.imports.lede': (p: { limit: string }) =>
    `Bring the library’s files in: the same importers the command runs, on a file up to ${p.limit} sent from here. A larger one is imported on the server with the command:`,
  'ui.imports.kind.loans': () => 'Loans',
  'ui.imports.kind.holdings': () => 'Holdings',
  'ui.imports.kind.departments': () => 'Departments',
  'ui.imports.kind.suggestions': () => 'Suggestion history',
  'ui.imports.kind.readinglists': () => 'Reading lists',
  'ui.imports.kind.ill': () => 'Interlibrary loans',
  'ui.imports.about.loans': () =>
    'A circulation export from the ILS (Koha, Alma, FOLIO, Evergreen or any CSV), one row per loan with its date and the item’s ISBN or call number: how much each discipline is used, and the evidence on each title. Who borrowed is never read.',
  'ui.imports.about.holdings': () =>
    'What the library owns, as the catalogue exports it: MARC records (MARC21 or UNIMARC/CNMARC, as ISO 2709 or MARCXML) or a CSV. It tells patrons a book is already here, and counts the copies that use is measured against.',
  'ui.imports.about.departments': () =>
    'The library’s departments, one row each, with their liaison, fund, budget and the disciplines they read in (separated by semicolons). An updated file updates the same departments.',
  'ui.imports.about.suggestions': () =>
    'Suggestions made before this service, from a former system or a spreadsheet kept by hand: one row per request, pooled onto its title like any other.',
  'ui.imports.about.readinglists': () =>
    'Courses’ reading lists as Leganto or Talis Aspire export them, or any CSV: each book listed becomes demand for its course, with the copies its enrolment calls for.',
  'ui.imports.about.ill': () =>
    'The books borrowed from other libraries for patrons here, from an ILLiad, Tipasa or ReShare export or any CSV: a book patrons had to borrow elsewhere is one the library may want. Articles and lending to other libraries are passed over; who asked is never read.',
  'ui.imports.all': () => 'All imports',
  'ui.imports.form': () => 'The file and how to read it',
  'ui.imports.another': () => 'Import another file',
  'ui.imports.file': () => 'The file',
  'ui.imports.fileHint': (p: { limit: string }) => `Up to ${p.limit}.`,
  'ui.imports.noFile': () => 'Choose the file to import.',
  'ui.imports.emptyFile': () => 'The file chosen is empty: choose the export itself.',
  'ui.imports.preset': () => 'Exported from',
  'ui.imports.presetHint': () => 'The system whose export this is: the columns each one reads are listed below.',
  'ui.imports.generic': () => 'Any CSV with the column names below',
  'ui.imports.genericShort': () => 'Any CSV',
  'ui.imports.dates': () => 'Dates such as 1/2/2017',
  'ui.imports.datesHint': () => 'Dates written year first are read either way.',
  'ui.imports.datesAny': () => 'Tell from the dates (a row that could be either is refused)',
  'ui.imports.datesMdy': () => 'Month first: 1/2/2017 is 2 January 2017',
  'ui.imports.datesDmy': () => 'Day first: 1/2/2017 is 1 February 2017',
  'ui.imports.source': () => 'The system the ids come from',
  'ui.imports.sourceHint': () =>
    'Ids from two systems never match, so two catalogues’ exports do not replace each other. Empty: the name of the system it was exported from.',
  'ui.imports.encoding': () => 'Text encoding',
  'ui.imports.encodingHint': () => 'Empty: recognised from the file. Otherwise its name, such as:',
  'ui.imports.delimiter': () => 'Fields separated by',
  'ui.imports.delimiterAny': () => 'Recognised from the first row',
  'ui.imports.delimiter.comma': () => 'Commas',
  'ui.imports.delimiter.semicolon': () => 'Semicolons (as spreadsheets in much of Europe write them)',
  'ui.imports.delimiter.tab': () => 'Tabs',
  'ui.imports.delimiter.pipe': () => 'Vertical bars (|)',
  'ui.imports.loanType': () => 'Transaction types that are loans',
  'ui.imports.loanTypeHint': () =>
    'For a file of every transaction, with a type column: the types that mean a new loan, separated by commas; other rows are passed over. Koha’s statistics write',
  'ui.imports.map': () => 'Columns named otherwise',
  'ui.imports.mapHint': () =>
    'One a line: the field (as in the table below), an equals sign, and the file’s own column, such as:',
  'ui.imports.format': () => 'Format',
  'ui.imports.formatAny': () => 'Recognised from the file',
  'ui.imports.flavour': () => 'MARC flavour',
  'ui.imports.flavourAny': () => 'Recognised from the records',
  'ui.imports.flavourHint': () => 'CNMARC, the Chinese national format, is UNIMARC.',
  'ui.imports.submit': () => 'Import the file',
  'ui.imports.refusedShort': () => 'The file could not be imported: the importer’s reason is beside the form.',
  'ui.imports.refused': (p: { file: string }) => `“${p.file}” could not be imported. The importer said:`,
  'ui.imports.refusedOptions': () =>
    'Where it names an option of the command (the words after two hyphens), that option is the field of this form marked with it.',
  'ui.imports.tooLarge': () => 'The file is too large to send from here',
  'ui.imports.tooLargeDetail': (p: { limit: string }) =>
    `Files up to ${p.limit} can be imported from this page. A larger one is imported on the library’s server with the command, which takes any size:`,
  'ui.imports.outcome': (p: { file: string }) => `Imported from “${p.file}”`,
  'ui.imports.already': () => 'This file was imported completely before, read the same way, so nothing was done again.',
  'ui.imports.read': (p: { records: boolean }): string => (p.records ? 'Rows or records read' : 'Rows read'),
  'ui.imports.imported': () => 'Imported',
  'ui.imports.rejected': () => 'Rejected',
  'ui.imports.skipped': () => 'Already in, skipped',
  'ui.imports.time': () => 'Time taken',
  'ui.imports.seconds': (p: { seconds: number }) =>
    `${p.seconds.toLocaleString('en', { maximumFractionDigits: 1 })} ${p.seconds === 1 ? 'second' : 'seconds'}`,
  'ui.imports.resumed': (p: { count: number }) =>
    `It carried on after the first ${p.count.toLocaleString('en')} rows, which an earlier, interrupted import of this file had stored.`,
  'ui.imports.failed': () => 'The import stopped before the end of the file. The importer said:',
  'ui.imports.warnings': () => 'Warnings',
  'ui.imports.said': () => 'The importer said:',
  'ui.imports.rejections': (p: { shown: number; total: number }) =>
    p.shown === p.total
      ? `The ${plural(p.total, 'rejected row', 'rejected rows')}`
      : `The first ${p.shown} of ${p.total.toLocaleString('en')} rejected rows`,
  'ui.imports.line': (p: { records: boolean }): string => (p.records ? 'Line or record' : 'Line'),
  'ui.imports.why': () => 'Why, in the importer’s words',
  'ui.imports.columns': () => 'The columns read',
  'ui.imports.presets': () => 'The exports each preset reads:',
  'ui.imports.field': () => 'Field',
  'ui.imports.columnsTable': () => 'The column each field is read from, by export',
  'ui.imports.columnsFixed': () => 'The first row names the columns; these are read, in any order:',
  'ui.imports.columnsHoldings': () =>
    'MARC records are read from their own fields (the ISBNs, the LC, Dewey and CLC classes, the copies and their call numbers). A CSV’s first row names the columns; these are read, in any order:',
  'ui.imports.command': () => 'The same import on the server, for a file of any size:',
  'ui.imports.name.koha-statistics': (p: { short: boolean }): string =>
    p.short ? 'Koha statistics' : 'Koha, its statistics table',
  'ui.imports.preset.loans.generic': () =>
    'Any CSV with these column names; only the loan date and an ISBN or call number are needed.',
  'ui.imports.preset.loans.koha': () =>
    'A Koha SQL report over current and old issues (`issues`, `old_issues`), joined to the items, the bibliographic records and the borrower’s department. One row is one checkout: renewals only count on it.',
  'ui.imports.preset.loans.koha-statistics': () =>
    'Koha’s `statistics` table, joined to the items and records: every circulation transaction, of which only the issues are loans. It has no loan id, so import each period once.',
  'ui.imports.preset.loans.alma': () =>
    'An Alma Analytics `Fulfillment` report, exported as CSV: one row a loan, known by its `Item Loan Id`. In-house loans are uses in the library and are passed over.',
  'ui.imports.preset.loans.folio': () =>
    'The `loans_items` table of FOLIO’s reporting database (`LDP` or `Metadb`), with the borrower’s department joined from `users_departments_unpacked`.',
  'ui.imports.preset.loans.evergreen': () =>
    'Evergreen’s `action.circulation` joined to the call number label. A renewal (a row with `parent_circ`) continues its loan and is passed over.',
  'ui.imports.preset.readinglists.generic': () =>
    'Any CSV with these column names; a course code and an ISBN or title are needed.',
  'ui.imports.preset.readinglists.leganto': () =>
    'Leganto’s lists as an Alma Analytics course reserves report, exported as CSV: one row per citation, with its course.',
  'ui.imports.preset.readinglists.talis': () =>
    'Talis Aspire’s report of all list items: one row per item, with its list’s module, time period and student numbers.',
  'ui.imports.preset.ill.generic': () =>
    'Any CSV with these column names; a request date and a title or ISBN are needed.',
  'ui.imports.preset.ill.illiad': () =>
    'ILLiad’s transactions joined to its users for the department (a web report or an SQL export). Only books borrowed for patrons here are read; ILLiad keeps a loan’s ISBN in its ISSN column.',
  'ui.imports.preset.ill.tipasa': () =>
    'OCLC Tipasa’s borrowing requests report, exported as CSV (check its column names against your export).',
  'ui.imports.preset.ill.reshare': () =>
    'Project ReShare’s patron requests, exported as CSV: the requesting side only.',

  'ui.alloc.title': () => 'Fund allocation',
  'ui.alloc.lede': (p: { months: number; from: string; to: string }) =>
    `How a total budget could split across departments, from ${p.months} months of loans and purchases (${p.from} to ${p.to}), the books in each department’s disciplines and the budgets now.`,
  'ui.alloc.form': () => 'The budget to split',
  'ui.alloc.total': (p: { currency: string }) => `Total budget (${p.currency})`,
  'ui.alloc.totalHint': (p: { budgets: string | null }) =>
    p.budgets
      ? `Empty: the departments’ budgets now, ${p.budgets}`
      : 'Empty: shares only, as no department has a budget',
  'ui.alloc.window': () => 'Period',
  'ui.alloc.windowHint': () => 'Loans and purchases of the months up to the last one',
  'ui.alloc.months': (p: { count: number }) => plural(p.count, 'month', 'months'),
  'ui.alloc.asOf': () => 'Last month',
  'ui.alloc.asOfHint': () => 'As YYYY-MM; empty: the last complete month',
  'ui.alloc.asOfInvalid': () => 'Give the month as YYYY-MM, such as 2026-02.',
  'ui.alloc.show': () => 'Suggest a split',
  'ui.alloc.split': (p: { total: string; budgets: boolean }) =>
    `Suggested split of ${p.total}${p.budgets ? ', the departments’ budgets now' : ''}.`,
  'ui.alloc.sharesOnly': () => 'No total was given and no department has a budget, so the shares alone are suggested.',
  'ui.alloc.chart': () => 'Suggested share against the budget now',
  'ui.alloc.chartShares': () => 'Suggested share',
  'ui.alloc.suggestedSeries': () => 'suggested',
  'ui.alloc.nowSeries': () => 'budget now',
  'ui.alloc.none': () => 'There are no departments yet.',
  'ui.alloc.table': () => 'Figures by department',
  'ui.alloc.department': () => 'Department',
  'ui.alloc.loans': () => 'Loans',
  'ui.alloc.books': () => 'Books',
  'ui.alloc.useFactor': () => 'Use factor',
  'ui.alloc.trend': () => 'Trend',
  'ui.alloc.spend': () => 'Spend',
  'ui.alloc.budgetNow': () => 'Budget now',
  'ui.alloc.suggested': () => 'Suggested',
  'ui.alloc.change': () => 'Change',
  'ui.alloc.how': () => 'How it is worked out',
  'ui.alloc.underOne': () => 'under 1%',
  'ui.alloc.formula': (p: { loans: string; budget: string; spend: string; floor: string }) =>
    `A department’s share of the loans counts ${p.loans}, its share of the budgets now ${p.budget} and its share of the spend ${p.spend}. That is nudged by its use factor, its share of the loans over its share of the books (above 1, its shelves are used more than their size would say), and every department keeps at least ${p.floor} of an equal share.`,
  'ui.alloc.loansRule': () =>
    'A loan counts for the departments that read its discipline. One without a department, or from a department that does not read it, is shared among them by how much their own people borrow there; one in a discipline no department reads counts for the borrower’s department. A shared discipline’s books are shared the same way.',
  'ui.alloc.spendRule': () =>
    'Spend is the list prices of the titles approved, ordered, received or made available in the period, each charged once, to one department, as on the buy list. It counts only as far as it covers the total.',
  'ui.alloc.unattributed': (p: { loans: string; items: string }) =>
    `Counted for no department: ${p.loans} loans without a department in disciplines no department reads, and ${p.items} books in such disciplines.`,
  'ui.alloc.unpriced': (p: { count: number }) =>
    `${plural(p.count, 'title', 'titles')} bought in the period had no price in the library’s currency and are not in the spend.`,
  'ui.alloc.noTrend': (p: { months: number }) =>
    `No trend is shown: the loans imported do not cover the ${p.months} months before the period.`,
  'ui.nav.reports': () => 'Reports',
  'ui.reports.title': () => 'Outcomes of requests',
  'ui.reports.lede': () =>
    'Did buying what patrons asked for pay? How fast requests were answered, how many were filled, how what was bought was used, and what each loan cost.',
  'ui.reports.form': () => 'The requests to report on',
  'ui.reports.from': () => 'Requested from',
  'ui.reports.to': () => 'Requested before',
  'ui.reports.dayHint': () => 'As YYYY-MM-DD; empty: no limit',
  'ui.reports.dayInvalid': () => 'Give the day as YYYY-MM-DD, such as 2026-09-01.',
  'ui.reports.department': () => 'Department',
  'ui.reports.allDepartments': () => 'All departments',
  'ui.reports.show': () => 'Show',
  'ui.reports.csv': () => 'Download the titles bought (CSV)',
  'ui.reports.summary': () => 'In figures',
  'ui.reports.requests': (p: { titles: number; requests: number }) =>
    `${plural(p.titles, 'title', 'titles')} asked for in ${plural(p.requests, 'request', 'requests')}`,
  'ui.reports.filled': (p: { filled: number; open: number }) =>
    `${p.filled} bought and on the shelf; ${p.open} still open`,
  'ui.reports.fillRate': () => 'Fill rate',
  'ui.reports.fillRateHint': () => 'of the requests that have ended',
  'ui.reports.toDecision': () => 'Days to a decision',
  'ui.reports.toShelf': () => 'Days to the shelf',
  'ui.reports.median': (p: { median: string; p90: string }) => `median ${p.median}; 90% within ${p.p90}`,
  'ui.reports.use12': () => 'Loans a title in its first year',
  'ui.reports.useOver': (p: { titles: number; never: string }) =>
    `over ${plural(p.titles, 'title', 'titles')} on the shelf a full year; ${p.never} never borrowed`,
  'ui.reports.costPerLoan': () => 'Cost per loan',
  'ui.reports.spent': (p: { spent: string }) => `${p.spent} spent on what was bought`,
  'ui.reports.none': () => '–',
  'ui.reports.chartUse': () => 'Loans a title in its first year, by department',
  'ui.reports.chartDays': () => 'Median days to the shelf, by department',
  'ui.reports.chartFill': () => 'Fill rate, by department',
  'ui.reports.group': () => 'Department',
  'ui.reports.notFilled': () => 'Why the rest were not bought',
  'ui.reports.allFilled': () => 'Every request that has ended was bought.',
  'ui.reports.ranking': () => "The ranking's record",
  'ui.reports.rankingFew': (p: { titles: number }) =>
    `Too few titles bought with a score at decision have been a year on the shelf to judge the ranking (${p.titles}; it takes five).`,
  'ui.reports.rankingValue': (p: { value: string; low: string; high: string; titles: number }) =>
    `Spearman ${p.value} (95% interval ${p.low} to ${p.high}) between the score at decision and the loans in the first year, over ${plural(p.titles, 'title', 'titles')}.`,
  'ui.reports.titles': () => 'Titles bought on request',
  'ui.reports.noTitles': () => 'Nothing requested in this period has reached the shelf yet.',
  'ui.reports.titleCol': () => 'Title',
  'ui.reports.requestedCol': () => 'Requested',
  'ui.reports.shelvedCol': () => 'On the shelf',
  'ui.reports.priceCol': () => 'Price',
  'ui.reports.loans6Col': () => 'Loans, 6 months',
  'ui.reports.loans12Col': () => 'Loans, 12 months',
  'ui.reports.notYet': () => 'not yet',
  'ui.reports.compare': () => 'Against the other acquisitions',
  'ui.reports.compareValue': (p: {
    requested: string;
    rtitles: number;
    others: string;
    otitles: number;
    since: string;
  }) =>
    `In their first year, the books bought on request were borrowed ${p.requested} times each (${plural(p.rtitles, 'title', 'titles')}); the library's other acquisitions in the same disciplines since ${p.since}, ${p.others} times each (${plural(p.otitles, 'title', 'titles')}).`,
  'ui.reports.compareDifference': (p: { value: string; low: string; high: string }) =>
    `The difference: ${p.value} loans a title (95% interval ${p.low} to ${p.high}).`,
  'ui.reports.compareNone': () =>
    "There are no other acquisitions of the period to compare with: holdings need the day they were acquired (Koha's 952 $d, the record's 008, or an acquired column) and an ISBN, and a full year on the shelf.",
  'ui.feedback.title': () => 'Was this what you needed?',
  'ui.feedback.question': (p: { title: string }) => `Was ${p.title} what you needed?`,
  'ui.feedback.note': () => 'Anything to tell the library? (optional)',
  'ui.feedback.noteHint': () => 'Only library staff read it.',
  'ui.feedback.yes': () => 'Yes, it was',
  'ui.feedback.no': () => 'No, it was not',
  'ui.feedback.choose': () => 'Choose yes or no.',
  'ui.feedback.thanks': () => 'Thank you',
  'ui.feedback.gladYes': (p: { title: string }) => `We are glad ${p.title} was what you needed.`,
  'ui.feedback.gladNo': (p: { title: string }) =>
    `Thank you for telling us that ${p.title} was not what you needed: selectors read every answer.`,
  'ui.feedback.already': (p: { title: string }) => `Your answer about ${p.title} is already with the library.`,
  'ui.feedback.expired': () => 'This link has expired',
  'ui.feedback.expiredDetail': (p: { title: string }) =>
    `The link to tell us about ${p.title} is no longer valid. You can still write to the library.`,
  'ui.reports.feedback': () => 'What they needed',
  'ui.reports.feedbackHint': (p: { yes: number; answers: number }) =>
    `${p.yes} of ${plural(p.answers, 'requester', 'requesters')} who answered said the book was what they needed`,
  'ui.title.back': () => '← The buy list',
  'ui.title.why': () => 'Why it ranks where it does',
  'ui.title.score': (p: { score: string }) => `Score ${p.score}:`,
  'ui.title.components': () => 'The parts of the score',
  'ui.title.component': () => 'Part',
  'ui.title.input': () => 'Figure',
  'ui.title.contribution': () => 'Adds',
  'ui.title.demand': (p: { categories: string; departments: string }) =>
    `Asked for by category: ${p.categories}; by department: ${p.departments}.`,
  'ui.title.courses': (p: { courses: string }) => `For the courses ${p.courses}.`,
  'ui.title.copies': (p: { recommended: number; held: number; toOrder: number }) =>
    `Copies: ${p.recommended} wanted, ${p.held} held, ${p.toOrder} to order.`,
  'ui.title.heldWhere': (p: { where: string }) => `Held at ${p.where}.`,
  'ui.title.price': (p: { price: string }) => `Price: ${p.price}.`,
  'ui.title.requesters': (p: { count: number }) => `Who asked (${p.count})`,
  'ui.title.who': () => 'Requester',
  'ui.title.reason': () => 'Why',
  'ui.title.format': () => 'Format',
  'ui.title.needBy': () => 'Needed by',
  'ui.title.course': () => 'Course',
  'ui.title.none': () => 'none',
  'ui.title.feedback': (p: { yes: number; no: number }) =>
    `What requesters said once it arrived: ${p.yes} it was what they needed, ${p.no} not`,
  'ui.title.history': () => 'What happened to it',

  // The buy list's search, sort and pages (issue 21, item 7)
  'ui.buylist.search': () => 'Search',
  'ui.buylist.searchHint': () => 'Title, author, ISBN or who asked',
  'ui.buylist.searchHintNoNames': () => 'Title, author or ISBN',
  'ui.buylist.pageSize': () => 'Titles a page',
  'ui.buylist.noneFound': (p: { search: string }) => `No title on this list matches “${p.search}”.`,
  'ui.buylist.found': (p: { search: string }) => `matching “${p.search}”`,
  'ui.buylist.captionSorted': (p: { count: number }) => `${plural(p.count, 'title', 'titles')}`,
  'ui.buylist.pageOf': (p: { page: number; pages: number }) => `page ${p.page} of ${p.pages}`,
  'ui.buylist.pages': () => 'Pages of the list',
  'ui.buylist.previous': () => '← Previous page',
  'ui.buylist.next': () => 'Next page →',
  'ui.buylist.author': () => 'Author',
  'ui.buylist.needBy': () => 'Needed by',
  'ui.buylist.date': () => 'Asked on',

  // Staff pages: outbox, tokens, departments' budgets, imports' history and progress (issue 21, item 8)
  'ui.nav.admin': () => 'Admin',
  'ui.admin.title': () => 'Administration',
  'ui.admin.outbox': () => 'Outbox',
  'ui.admin.outboxAbout': () =>
    'The messages to requesters and liaisons: what is waiting, what went, what failed, and sending a dead one again.',
  'ui.admin.tokens': () => 'API tokens',
  'ui.admin.tokensAbout': () =>
    'Make a token for a selector, a liaison or a system, see when each was last used, and revoke one.',
  'ui.admin.departments': () => 'Departments’ budgets',
  'ui.admin.departmentsAbout': () => 'Set each department’s budget, fund and liaison.',
  'ui.admin.importsAbout': () =>
    'Load loans, holdings, departments and more from the ILS, and see what each import did.',
  'ui.admin.ilsAbout': () => 'What was sent to the library’s ILS and what it answered.',
  'ui.outbox.heading': () => 'Outbox',
  'ui.outbox.lede': () =>
    'Every message to requesters and liaisons. A failed one is tried again by itself; a dead one waits until you send it again.',
  'ui.outbox.filters': () => 'Filter the messages',
  'ui.outbox.state': () => 'State',
  'ui.outbox.anyState': () => 'Any state',
  'ui.outbox.state.queued': () => 'Queued',
  'ui.outbox.state.failed': () => 'Failed, to be tried again',
  'ui.outbox.state.sent': () => 'Sent',
  'ui.outbox.state.dead': () => 'Dead',
  'ui.outbox.channel': () => 'Channel',
  'ui.outbox.anyChannel': () => 'Any channel',
  'ui.outbox.channel.email': () => 'Email',
  'ui.outbox.channel.webhook': () => 'Webhook',
  'ui.outbox.title': () => 'Title',
  'ui.outbox.badFilter': () => 'The messages cannot be shown with these filters. Choose them again from the lists.',
  'ui.outbox.empty': () => 'No message matches.',
  'ui.outbox.caption': (p: { count: number }) => `${plural(p.count, 'message', 'messages')}, newest first`,
  'ui.outbox.message': () => 'Message',
  'ui.outbox.recipient': () => 'To',
  'ui.outbox.liaison': () => 'the department’s liaison',
  'ui.outbox.attempts': () => 'Attempts',
  'ui.outbox.lastError': () => 'Last error',
  'ui.outbox.queuedAt': () => 'Queued',
  'ui.outbox.kind.suggestion_received': () => 'Suggestion received',
  'ui.outbox.kind.status_changed': () => 'Status changed',
  'ui.outbox.kind.digest': () => 'Department digest',
  'ui.outbox.kind.staff_notice': () => 'Notice to selectors',
  'ui.outbox.retry': () => 'Send again',
  'ui.outbox.retryOne': (p: { title: string }) => `Send again: ${p.title}`,
  'ui.outbox.retryAll': (p: { count: number }) => `Send all ${plural(p.count, 'dead message', 'dead messages')} again`,
  'ui.outbox.retried': (p: { count: number }) =>
    p.count === 0
      ? 'There was no dead message to send again.'
      : `${plural(p.count, 'message', 'messages')} queued to be sent again.`,
  'ui.outbox.notDead': () => 'That message is no longer dead: it was sent again already, or was never dead.',
  'ui.tokens.title': () => 'API tokens',
  'ui.tokens.lede': () =>
    'Tokens let staff sign in and systems call the API. A token’s secret is shown once, when it is made; revoking one ends its sessions at once.',
  'ui.tokens.new': () => 'Make a token',
  'ui.tokens.role': () => 'Role',
  'ui.tokens.label': () => 'Whose or what it is',
  'ui.tokens.labelNeeded': () => 'Say whose token this is, or what system uses it.',
  'ui.tokens.externalId': () => 'Library id (optional)',
  'ui.tokens.externalIdHint': () =>
    'The person’s id in the library’s sign-in: a selector’s assignment names them by it.',
  'ui.tokens.department': () => 'Department',
  'ui.tokens.departmentHint': () => 'For a liaison: the department they speak for.',
  'ui.tokens.noDepartment': () => 'None',
  'ui.tokens.departmentNeeded': () => 'Choose the department this liaison speaks for.',
  'ui.tokens.noSuchDepartment': () => 'There is no such department. Choose one from the list.',
  'ui.tokens.create': () => 'Make the token',
  'ui.tokens.made': (p: { name: string }) => `A token for ${p.name}`,
  'ui.tokens.once': () => 'Copy it now and give it to its owner: it will not be shown again.',
  'ui.tokens.secret': () => 'The token',
  'ui.tokens.caption': (p: { count: number }) => `${plural(p.count, 'token', 'tokens')}, newest first`,
  'ui.tokens.created': () => 'Made',
  'ui.tokens.lastUsed': () => 'Last used',
  'ui.tokens.revoke': () => 'Revoke',
  'ui.tokens.revokeOne': (p: { name: string }) => `Revoke the token of ${p.name}`,
  'ui.tokens.revokedOn': (p: { date: string }) => `Revoked on ${p.date}`,
  'ui.tokens.revoked': (p: { name: string }) => `The token of ${p.name} is revoked.`,
  'ui.tokens.gone': () => 'There is no such token.',
  'ui.deptEdit.caption': () => 'Budgets, funds and liaisons',
  'ui.deptEdit.budget': (p: { currency: string }) => `Budget (${p.currency})`,
  'ui.deptEdit.budgetHint': () => 'An amount such as 12000 or 12000.50; empty for no budget.',
  'ui.deptEdit.fundHint': () => 'The fund code the ILS knows, such as CS-MONO; empty for none.',
  'ui.deptEdit.liaison': () => 'Liaison’s email',
  'ui.deptEdit.liaisonHint': () => 'The department’s digest goes here; empty for no digest.',
  'ui.deptEdit.emailInvalid': () => 'Give an email address, such as liaison@university.edu.',
  'ui.deptEdit.locale': () => 'Language of the digest',
  'ui.deptEdit.locale.en': () => 'English',
  'ui.deptEdit.locale.zh-Hans': () => '简体中文',
  'ui.deptEdit.locale.zh-Hant': () => '繁體中文',
  'ui.deptEdit.edit': () => 'Edit',
  'ui.deptEdit.editOne': (p: { name: string }) => `Edit ${p.name}`,
  'ui.deptEdit.title': (p: { name: string }) => `${p.name}: budget, fund and liaison`,
  'ui.deptEdit.back': () => '← The departments',
  'ui.deptEdit.save': () => 'Save',
  'ui.deptEdit.saved': (p: { name: string }) => `${p.name} is saved.`,
  'ui.importRuns.title': () => 'Import history',
  'ui.importRuns.lede': (p: { kept: number }) =>
    `Every file imported, from these pages, the API or the command line. A run keeps its first ${p.kept} rejected rows, with their line numbers.`,
  'ui.importRuns.toImports': () => '← Imports',
  'ui.importRuns.back': () => '← Import history',
  'ui.importRuns.all': () => 'Every import, with its rejected rows',
  'ui.importRuns.caption': (p: { count: number }) => `${plural(p.count, 'import', 'imports')}, newest first`,
  'ui.importRuns.none': () => 'Nothing has been imported yet.',
  'ui.importRuns.file': () => 'File',
  'ui.importRuns.kind': () => 'Kind',
  'ui.importRuns.started': () => 'Started',
  'ui.importRuns.records': () => 'Records',
  'ui.importRuns.imported': () => 'Imported',
  'ui.importRuns.rejected': () => 'Rejected',
  'ui.importRuns.status.running': () => 'Running',
  'ui.importRuns.status.complete': () => 'Complete',
  'ui.importRuns.runTitle': (p: { file: string }) => `Import of ${p.file}`,
  'ui.importRuns.counts': (p: { records: number; imported: number; rejected: number; skipped: number }) =>
    `${p.records} read: ${p.imported} imported, ${p.rejected} rejected, ${p.skipped} skipped`,
  'ui.importRuns.rejections': () => 'Rejected rows',
  'ui.importRuns.noRejections': () => 'No row was rejected.',
  'ui.importRuns.firstKept': (p: { kept: number; rejected: number }) =>
    `The first ${p.kept} of ${p.rejected} rejected rows.`,
  'ui.importRuns.download': () => 'Download the rejected rows (CSV)',
  'ui.importRuns.rejectionsCaption': (p: { count: number }) =>
    `${plural(p.count, 'rejected row', 'rejected rows')}, by line`,
  'ui.importRuns.line': () => 'Line',
  'ui.importRuns.reason': () => 'Why (the importer’s words)',
  'ui.importRuns.progress': () => 'Progress of the import',
  'ui.importRuns.sending': (p: { percent: string | number }) => `Sending the file: ${p.percent}%`,
  'ui.importRuns.reading': (p: { records: string | number }) => `Sent. Reading the file: ${p.records} records so far…`,
};

export default uiEn;
