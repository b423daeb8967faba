// The staff tools of the "Admin" page and item of the site bar: which there are, and who may use each.
import type { Principal } from '../context.js';
import { type Action, may } from '../domain/access.js';
import type { MessageKey } from '../i18n/index.js';

export interface Tool {
  href: string;
  action: Action;
  name: MessageKey;
  about: MessageKey;
}

const TOOLS: Tool[] = [
  { href: '/outbox', action: 'outbox', name: 'ui.admin.outbox', about: 'ui.admin.outboxAbout' },
  { href: '/tokens', action: 'manageTokens', name: 'ui.admin.tokens', about: 'ui.admin.tokensAbout' },
  { href: '/departments', action: 'editDepartments', name: 'ui.admin.departments', about: 'ui.admin.departmentsAbout' },
  { href: '/imports', action: 'import', name: 'ui.nav.imports', about: 'ui.admin.importsAbout' },
  { href: '/ils', action: 'manageIls', name: 'ui.nav.ils', about: 'ui.admin.ilsAbout' },
];

/** The staff tools this person may use; the site bar shows "Admin" when there is one. */
export function toolsFor(principal: Principal): Tool[] {
  return TOOLS.filter((tool) => may(principal.role, tool.action));
}

/** The pages the "Admin" item stands for, marked as where one is. */
export const ADMIN_PATHS = ['/admin', '/outbox', '/tokens'];
