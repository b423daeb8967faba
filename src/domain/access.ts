// Who may do what: the library's access policy as one table. The API's routes, the web pages
// and the access test (tests/security/access.test.ts) all read it, so a change of policy is a
// change of one line here.
//
// A role that may do something does it over a reach: the whole library; a liaison's own
// department (they speak for one, never another); a patron's own requests. Everything a
// liaison reads is their department's, which is why a liaison token must name one.

export const ROLES = ['patron', 'selector', 'liaison', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Reach = 'library' | 'department' | 'self';

export const POLICY = {
  /** read suggestions, one or a list */
  readSuggestions: { patron: 'self', selector: 'library', liaison: 'department', admin: 'library' },
  /** see who asked (name, address) and who moved a title, not only their category and department */
  seeRequesters: { selector: 'library', admin: 'library' },
  /** see who made each step of a title's history, beyond their role */
  seeActors: { selector: 'library', liaison: 'department', admin: 'library' },
  /** say a request is for a course: liaisons speak for their department's teaching (faculty too, by category) */
  requestForCourse: { liaison: 'department' },
  /** change or withdraw one's own suggestion while no selector has reviewed it */
  amendOwnSuggestion: { patron: 'self' },
  /** read the pooled titles with their demand and score */
  readTitles: { selector: 'library', liaison: 'department', admin: 'library' },
  /** move a title through the workflow, or give it its ISBN */
  decide: { selector: 'library', admin: 'library' },
  /** correct a title's record and price, set its order (fund, copies, vendor), note and assignee; read the note */
  editTitles: { selector: 'library', admin: 'library' },
  /** endorse a title the department asked for, with a comment: it counts as demand */
  endorse: { liaison: 'department' },
  /** merge two titles of one work, or split requests off a title onto a new one */
  mergeTitles: { selector: 'library', admin: 'library' },
  /** read the ranked buy list and export it */
  readBuylist: { selector: 'library', liaison: 'department', admin: 'library' },
  /** open the buy list on the disciplines one looks after (the selectors file), until they ask for all */
  readByAssignment: { selector: 'library' },
  /** split the budget across departments */
  allocate: { selector: 'library', admin: 'library' },
  /** how requests turned out: turnaround, fill rate, use after purchase, cost per loan */
  readOutcomes: { selector: 'library', liaison: 'department', admin: 'library' },
  /** the list of departments */
  listDepartments: { selector: 'library', admin: 'library' },
  /** set a department's budget, fund and liaison */
  editDepartments: { admin: 'library' },
  /** one department's page: its demand and decisions */
  readDepartment: { selector: 'library', liaison: 'department', admin: 'library' },
  /** a department's digest as it would be mailed: the liaison's mail, and the admins' */
  readDigest: { liaison: 'department', admin: 'library' },
  /** import loans, holdings, departments, suggestions, reading lists, ILL, vendor catalogues (and list or delete those) */
  import: { admin: 'library' },
  /** make and revoke API tokens */
  manageTokens: { admin: 'library' },
  /** see what was sent to the library's ILS and what it answered, and send a title again */
  manageIls: { admin: 'library' },
  /** read the outbox of messages and send one again */
  outbox: { admin: 'library' },
  /** forget requester details of closed titles */
  purge: { admin: 'library' },
  /** the Prometheus figures (the METRICS_TOKEN scraper aside) */
  readMetrics: { admin: 'library' },
  /** the API reference, offered in the pages' menu */
  readApiDocs: { selector: 'library', liaison: 'library', admin: 'library' },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof POLICY;

/** How far `role` may do `action`, or null when it may not. */
export function reachOf(role: Role, action: Action): Reach | null {
  return (POLICY[action] as Partial<Record<Role, Reach>>)[role] ?? null;
}

export function may(role: Role, action: Action): boolean {
  return reachOf(role, action) !== null;
}

/** The roles that may do `action`, in the order of ROLES. */
export function rolesFor(action: Action): Role[] {
  return ROLES.filter((role) => may(role, action));
}

/** May this person do `action` for this department? A liaison only for their own. */
export function mayFor(
  who: { role: Role; departmentCode: string | null },
  action: Action,
  departmentCode: string,
): boolean {
  const reach = reachOf(who.role, action);
  return reach === 'library' || (reach === 'department' && who.departmentCode === departmentCode);
}

const reaches = (role: Role, reach: Reach) =>
  Object.values(POLICY).some((row) => (row as Partial<Record<Role, Reach>>)[role] === reach);

/** A role that reads only its own department's: its tokens must say which department that is. */
export function speaksForDepartment(role: Role): boolean {
  return reaches(role, 'department');
}

/** A role that reads only its own requests: its tokens must say whose they are. */
export function speaksForPatron(role: Role): boolean {
  return reaches(role, 'self');
}
