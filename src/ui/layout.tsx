// The frame of every page: a skip link, the site bar with the pages this person may use, the
// language switch, and the main region. Server-rendered; JSX escapes every value it prints.
import type { Child } from 'hono/jsx';
import type { Locale } from '../domain/locale.js';
import { may, reachOf, speaksForPatron } from '../domain/access.js';
import { ASSETS } from './assets.js';
import { ADMIN_PATHS, toolsFor } from './admin-tools.js';
import type { Page } from './context.js';

const LANGUAGES: { locale: Locale; name: string }[] = [
  { locale: 'en', name: 'English' },
  { locale: 'zh-Hans', name: '简体中文' },
  { locale: 'zh-Hant', name: '繁體中文' },
];

interface NavItem {
  href: string;
  label: string;
  /** other pages this item stands for, marked as current too */
  also?: string[];
}

function navItems(page: Page): NavItem[] {
  const { principal, tr } = page;
  if (!principal) return [];
  const items: NavItem[] = [];
  if (principal.patron) {
    items.push({ href: '/suggest', label: tr('ui.nav.suggest') });
    items.push({ href: '/my/suggestions', label: tr('ui.nav.mine') });
    // Staff reach it too, but their header has no room left for it on one line.
    if (principal.role === 'patron') items.push({ href: '/catalogue', label: tr('ui.nav.catalogue') });
  }
  const { role, departmentCode } = principal;
  if (reachOf(role, 'readBuylist') === 'library') items.push({ href: '/buylist', label: tr('ui.nav.buylist') });
  if (may(role, 'listDepartments')) items.push({ href: '/departments', label: tr('ui.nav.departments') });
  // The outcomes and the fund allocation are both reports; one item keeps the bar on one line.
  if (reachOf(role, 'readOutcomes') === 'library') {
    items.push({ href: '/reports', label: tr('ui.nav.reports'), also: may(role, 'allocate') ? ['/allocation'] : [] });
  }
  if (may(role, 'import')) items.push({ href: '/imports', label: tr('ui.nav.imports') });
  if (may(role, 'manageIls')) items.push({ href: '/ils', label: tr('ui.nav.ils') });
  // The other staff tools (outbox, tokens, budgets) behind one item, to keep the bar on one line.
  if (toolsFor(principal).length > 0) items.push({ href: '/admin', label: tr('ui.nav.admin'), also: ADMIN_PATHS });
  // Whoever reads one department's leads with its page, then its list and its outcomes.
  if (reachOf(role, 'readDepartment') === 'department' && departmentCode) {
    items.push({ href: `/departments/${encodeURIComponent(departmentCode)}`, label: tr('ui.nav.department') });
    if (reachOf(role, 'readBuylist') === 'department') items.push({ href: '/buylist', label: tr('ui.nav.buylist') });
    if (reachOf(role, 'readOutcomes') === 'department') items.push({ href: '/reports', label: tr('ui.nav.reports') });
  }
  if (may(role, 'readApiDocs')) items.push({ href: '/docs', label: tr('ui.nav.api') });
  return items;
}

export function Layout(props: { page: Page; title: string; narrow?: boolean; flash?: Flash | null; children?: Child }) {
  const { page } = props;
  const { tr, principal } = page;
  const brand = page.library === 'the library' ? tr('ui.brand') : page.library;
  const items = navItems(page);
  return (
    <html lang={page.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${brand}`}</title>
        <link rel="icon" type="image/svg+xml" href={`/assets/icon.svg?v=${ASSETS['icon.svg'].version}`} />
        <link rel="stylesheet" href={`/assets/app.css?v=${ASSETS['app.css'].version}`} />
        <script src={`/assets/app.js?v=${ASSETS['app.js'].version}`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {tr('ui.skip')}
        </a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">
              {brand}
            </a>
            {items.length > 0 && (
              <nav class="main" aria-label={tr('ui.nav.label')}>
                <ul>
                  {items.map((item) => (
                    <li>
                      <a
                        href={item.href}
                        aria-current={
                          [item.href, ...(item.also ?? [])].some(
                            (h) => page.path === h || page.path.startsWith(`${h}/`),
                          )
                            ? 'page'
                            : undefined
                        }
                      >
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <nav class="langs" aria-label={tr('ui.nav.language')}>
              {LANGUAGES.map((l) => (
                <a
                  href={`/lang/${l.locale}?next=${encodeURIComponent(page.here)}`}
                  lang={l.locale}
                  hreflang={l.locale}
                  aria-current={l.locale === page.locale ? 'true' : undefined}
                >
                  {l.name}
                </a>
              ))}
            </nav>
            {principal ? (
              <form method="post" action="/signout" class="row">
                <span class="who">
                  {principal.patron?.displayName ?? tr(`ui.role.${principal.role}`)}
                  {!speaksForPatron(principal.role) && ` · ${tr(`ui.role.${principal.role}`)}`}
                </span>
                <input type="hidden" name="_csrf" value={page.csrf ?? ''} />
                <button class="link" type="submit">
                  {tr('ui.signOut')}
                </button>
              </form>
            ) : (
              page.path !== '/signin' && (
                <a href={`/signin?next=${encodeURIComponent(page.here)}`} class="who">
                  {tr('ui.signIn')}
                </a>
              )
            )}
          </div>
        </header>
        <main id="main" class={props.narrow ? 'narrow' : undefined} tabindex={-1}>
          {props.flash && (
            <p class="flash" role="status">
              {props.flash.text}
            </p>
          )}
          {props.children}
        </main>
        <footer class="site">{tr('ui.footer', { library: brand })}</footer>
      </body>
    </html>
  );
}

export interface Flash {
  text: string;
}
