// /catalogue: the vendor catalogues on offer (征订目录), as Chinese university libraries' OPACs
// offer them: a patron searches the new titles by title, author, ISBN or publisher, narrows to
// one catalogue or class, sees how many readers asked for each book (荐购人数) and whether the
// library has it or has it on order, and suggests it with one click: a page that confirms the
// book and takes an optional reason, then an ordinary suggestion through intake. No script.
import { Hono } from 'hono';
import { may } from '../../domain/access.js';
import type { Standing } from '../../domain/catalogue.js';
import { hyphenate } from '../../domain/isbn.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { ApiError } from '../../errors.js';
import { CatalogueQuery } from '../../routes/catalogue/catalogue.routes.js';
import { intakeBrake } from '../../routes/router.js';
import {
  type Catalogue,
  type CatalogueEntry,
  catalogueEntry,
  deleteCatalogue,
  listCatalogues,
  searchCatalogue,
  suggestEntry,
} from '../../services/catalogues.js';
import { getSuggestion } from '../../services/suggestions.js';
import { Csrf, ErrorSummary, Field, type FieldErrors, formatDate, formatMoney, Pager } from '../components.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { localPath, requireSignIn, setFlash, takeFlash } from '../middleware.js';
import { intakeRefusal } from '../refusals.js';
import { render } from '../render.js';
import { forgeryRefused, notFoundPage } from './errors.js';

const PER_PAGE = 20;

interface Filters {
  q: string;
  catalogue: string;
  class: string;
  page: number;
}

/** The query as the search form sent it; what does not parse is read as not given. */
function filtersOf(query: Record<string, string>): Filters {
  const text = (name: string, max: number) => (query[name] ?? '').trim().slice(0, max);
  const page = /^[1-9][0-9]{0,3}$/.test(query['page'] ?? '') ? Number(query['page']) : 1;
  const catalogue = /^[1-9][0-9]{0,14}$/.test(query['catalogue'] ?? '') ? query['catalogue']! : '';
  return { q: text('q', 200), catalogue, class: text('class', 40), page };
}

function searchHref(filters: Filters, page: number): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.catalogue) params.set('catalogue', filters.catalogue);
  if (filters.class) params.set('class', filters.class);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/catalogue?${query}` : '/catalogue';
}

function SearchForm(props: { page: Page; filters: Filters; catalogues: Catalogue[] }) {
  const { page, filters } = props;
  const { tr } = page;
  return (
    <form method="get" action="/catalogue" class="card filters" role="search" aria-label={tr('ui.catalogue.search')}>
      <Field id="c-q" label={tr('ui.catalogue.q')} hint={tr('ui.catalogue.qHint')}>
        {(described) => (
          <input type="search" id="c-q" name="q" value={filters.q} size={40} maxlength={200} {...described} />
        )}
      </Field>
      <Field id="c-catalogue" label={tr('ui.catalogue.which')}>
        {(described) => (
          <select id="c-catalogue" name="catalogue" {...described}>
            <option value="">{tr('ui.catalogue.all')}</option>
            {props.catalogues.map((c) => (
              <option value={String(c.id)} selected={filters.catalogue === String(c.id)}>
                {`${c.name} (${c.vendor})`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="c-class" label={tr('ui.catalogue.class')} hint={tr('ui.catalogue.classHint')}>
        {(described) => (
          <input type="text" id="c-class" name="class" value={filters.class} size={10} maxlength={40} {...described} />
        )}
      </Field>
      <button type="submit">{tr('ui.catalogue.find')}</button>
    </form>
  );
}

function StandingNote(props: { page: Page; standing: Standing }) {
  const { tr } = props.page;
  if (props.standing === 'held') return <span class="status closed">{tr('ui.catalogue.held')}</span>;
  if (props.standing === 'on-order') return <span class="status active">{tr('ui.catalogue.onOrder')}</span>;
  return null;
}

/** What is known of the book beside its title: who wrote it, who published it and when, its ISBN, price and class. */
function EntryDetails(props: { page: Page; entry: CatalogueEntry }) {
  const { page, entry } = props;
  const { tr } = page;
  const published = [entry.publisher, entry.publishedYear].filter(Boolean).join(', ');
  return (
    <>
      {entry.authors.length > 0 && <div>{entry.authors.join(page.locale === 'en' ? ', ' : '、')}</div>}
      <div class="meta">
        {[
          published,
          entry.isbn13 ? `ISBN ${hyphenate(entry.isbn13)}` : null,
          entry.price ? formatMoney(page.locale, entry.price.amount, entry.price.currency) : null,
          entry.classNumber ? tr('ui.catalogue.classIs', { class: entry.classNumber }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </div>
    </>
  );
}

function EntryItem(props: { page: Page; entry: CatalogueEntry; back: string }) {
  const { page, entry } = props;
  const { tr } = page;
  const canSuggest = page.principal?.patron !== null && page.principal?.patron !== undefined;
  const headingId = `entry-${entry.id}-title`;
  return (
    <li class="card" id={`entry-${entry.id}`} aria-labelledby={headingId}>
      <h2 class="book-title" id={headingId}>
        {entry.title}
      </h2>
      <EntryDetails page={page} entry={entry} />
      <p class="muted">
        {tr('ui.catalogue.from', { catalogue: entry.catalogue.name, vendor: entry.catalogue.vendor })}
      </p>
      <p>
        <strong>{tr('ui.catalogue.requesters', { count: entry.requesters })}</strong>{' '}
        <StandingNote page={page} standing={entry.standing} />
      </p>
      {entry.mine !== null ? (
        <p>
          <a href={`/my/suggestions/${entry.mine}`}>{tr('ui.catalogue.yours')}</a>
        </p>
      ) : (
        canSuggest &&
        entry.standing !== 'held' &&
        entry.standing !== 'on-order' && (
          <p>
            <a
              class="button"
              href={`/catalogue/${entry.id}/suggest?back=${encodeURIComponent(props.back)}`}
              aria-describedby={headingId}
            >
              {entry.requesters > 0 ? tr('ui.catalogue.addVoice') : tr('ui.catalogue.suggest')}
            </a>
          </p>
        )
      )}
    </li>
  );
}

/** The catalogues imported, expired ones too, for an admin to forget one. */
function CatalogueLists(props: { page: Page; catalogues: Catalogue[] }) {
  const { page } = props;
  const { tr } = page;
  if (props.catalogues.length === 0) return null;
  return (
    <section aria-labelledby="lists">
      <h2 id="lists">{tr('ui.catalogue.lists')}</h2>
      <div class="scroll" role="region" aria-labelledby="lists" tabindex={0}>
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{tr('ui.catalogue.which')}</th>
              <th scope="col">{tr('ui.imports.catalogue.vendor')}</th>
              <th scope="col">{tr('ui.imports.catalogue.issued')}</th>
              <th scope="col">{tr('ui.imports.catalogue.expires')}</th>
              <th scope="col" class="num">
                {tr('ui.catalogue.entries')}
              </th>
              <th scope="col">{tr('ui.catalogue.offered')}</th>
              <th scope="col">
                <span class="visually-hidden">{tr('ui.catalogue.delete')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.catalogues.map((c) => (
              <tr>
                <td>{c.name}</td>
                <td>{c.vendor}</td>
                <td>{formatDate(page.locale, c.issued)}</td>
                <td>{c.expires ? formatDate(page.locale, c.expires) : '–'}</td>
                <td class="num">{c.entries.toLocaleString(page.locale)}</td>
                <td>{c.current ? tr('ui.yes') : tr('ui.no')}</td>
                <td>
                  <form method="post" action={`/catalogue/lists/${c.id}/delete`}>
                    <Csrf page={page} />
                    <button
                      type="submit"
                      class="small danger"
                      aria-label={tr('ui.catalogue.deleteOne', { name: c.name })}
                    >
                      {tr('ui.catalogue.delete')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CataloguePage(props: {
  page: Page;
  filters: Filters;
  catalogues: Catalogue[];
  /** every catalogue, for an admin; null for everyone else */
  managed: Catalogue[] | null;
  entries: CatalogueEntry[];
  total: number;
  flash: ReturnType<typeof takeFlash>;
}) {
  const { page, filters } = props;
  const { tr } = page;
  const back = searchHref(filters, filters.page);
  return (
    <Layout page={page} title={tr('ui.catalogue.title')} flash={props.flash}>
      <h1>{tr('ui.catalogue.title')}</h1>
      <p class="lede">{tr('ui.catalogue.lede')}</p>
      {props.catalogues.length === 0 ? (
        <p>{tr('ui.catalogue.none')}</p>
      ) : (
        <>
          <SearchForm page={page} filters={filters} catalogues={props.catalogues} />
          <p role="status">{tr('ui.catalogue.found', { count: props.total })}</p>
          {props.entries.length > 0 && (
            <ol class="entries" aria-label={tr('ui.catalogue.results')}>
              {props.entries.map((entry) => (
                <EntryItem page={page} entry={entry} back={back} />
              ))}
            </ol>
          )}
          <Pager
            page={page}
            at={filters.page}
            pages={Math.ceil(props.total / PER_PAGE)}
            href={(n) => searchHref(filters, n)}
            label={page.tr('ui.catalogue.pages')}
          />
        </>
      )}
      {props.managed && <CatalogueLists page={page} catalogues={props.managed} />}
    </Layout>
  );
}

function ConfirmPage(props: { page: Page; entry: CatalogueEntry; back: string; reason: string; errors: FieldErrors }) {
  const { page, entry } = props;
  const { tr } = page;
  return (
    <Layout page={page} title={tr('ui.catalogue.confirmTitle', { title: entry.title })} narrow>
      <p>
        <a href={props.back}>← {tr('ui.catalogue.title')}</a>
      </p>
      <h1>{tr('ui.catalogue.confirmTitle', { title: entry.title })}</h1>
      <ErrorSummary page={page} errors={props.errors} />
      <div class="card">
        <p class="book-title">{entry.title}</p>
        <EntryDetails page={page} entry={entry} />
        <p>{tr('ui.catalogue.requesters', { count: entry.requesters })}</p>
      </div>
      <form method="post" action={`/catalogue/${entry.id}/suggest`} class="card">
        <Csrf page={page} />
        <input type="hidden" name="back" value={props.back} />
        <Field
          id="reason"
          label={tr('ui.catalogue.reason')}
          hint={tr('ui.catalogue.reasonHint')}
          error={props.errors['reason']}
        >
          {(described) => (
            <textarea id="reason" name="reason" rows={3} maxlength={TEXT_LIMITS.reason} {...described}>
              {props.reason}
            </textarea>
          )}
        </Field>
        <button type="submit">{tr('ui.catalogue.confirm')}</button> <a href={props.back}>{tr('ui.catalogue.cancel')}</a>
      </form>
    </Layout>
  );
}

const ENTRY = '/catalogue/:id{[1-9][0-9]{0,14}}/suggest';

export const cataloguePages = new Hono<UiEnv>()
  .get('/catalogue', requireSignIn(), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const filters = filtersOf(c.req.query());
    const query = CatalogueQuery.parse({
      ...(filters.q ? { q: filters.q } : {}),
      ...(filters.catalogue ? { catalogue: filters.catalogue } : {}),
      ...(filters.class ? { class: filters.class } : {}),
      page: filters.page,
      perPage: PER_PAGE,
    });
    const [catalogues, managed, found] = await Promise.all([
      listCatalogues(deps, true),
      may(page.principal!.role, 'import') ? listCatalogues(deps) : null,
      searchCatalogue(deps, page.principal!, {
        q: query.q,
        catalogue: query.catalogue,
        classNumber: query.class,
        page: query.page,
        perPage: query.perPage,
      }),
    ]);
    return render(
      c,
      <CataloguePage
        page={page}
        filters={filters}
        catalogues={catalogues}
        managed={managed}
        entries={found.entries}
        total={found.total}
        flash={takeFlash(c)}
      />,
    );
  })
  .post('/catalogue/lists/:id{[1-9][0-9]{0,14}}/delete', requireSignIn('import'), async (c) => {
    const page = pageOf(c);
    const form = await c.req.parseBody();
    const forged = forgeryRefused(c, form);
    if (forged) return forged;
    const id = Number(c.req.param('id'));
    const known = (await listCatalogues(c.get('deps'))).find((l) => l.id === id);
    if (!known || !(await deleteCatalogue(c.get('deps'), id))) return notFoundPage(c);
    setFlash(c, page.tr('ui.catalogue.deleted', { name: known.name }));
    return c.redirect('/catalogue', 303);
  })
  .get(ENTRY, requireSignIn(), async (c) => {
    const page = pageOf(c);
    const entry = await catalogueEntry(c.get('deps'), page.principal!, Number(c.req.param('id')));
    if (!entry) return notFoundPage(c);
    const back = localPath(c.req.query('back'), '/catalogue');
    // Asked before: their suggestion says where it stands.
    if (entry.mine !== null) return c.redirect(`/my/suggestions/${entry.mine}`, 303);
    return render(c, <ConfirmPage page={page} entry={entry} back={back} reason="" errors={{}} />);
  })
  .post(ENTRY, requireSignIn(), intakeBrake, async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const { tr } = page;
    const form = await c.req.parseBody();
    const forged = forgeryRefused(c, form);
    if (forged) return forged;
    const id = Number(c.req.param('id'));
    const entry = await catalogueEntry(deps, page.principal!, id);
    if (!entry) return notFoundPage(c);
    const back = localPath(form['back'], '/catalogue');
    const reason = typeof form['reason'] === 'string' ? form['reason'].trim() : '';
    const refuse = (errors: FieldErrors, status: 409 | 422 | 429) =>
      render(c, <ConfirmPage page={page} entry={entry} back={back} reason={reason} errors={errors} />, status);
    if (reason.length > TEXT_LIMITS.reason)
      return refuse({ reason: tr('ui.form.tooLong', { max: TEXT_LIMITS.reason }) }, 422);
    if (!page.principal!.patron) return refuse({ form: tr('ui.catalogue.noPatron') }, 422);
    try {
      const suggestionId = await suggestEntry(deps, page.principal!, id, reason || undefined);
      const row = await getSuggestion(deps, suggestionId);
      setFlash(c, tr('ui.catalogue.suggested', { title: entry.title, count: row?.title.requesterCount ?? 1 }));
      return c.redirect(`${back}#entry-${id}`, 303);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.type === 'duplicate-suggestion') {
        setFlash(c, tr('ui.suggest.already'));
        return c.redirect(`/my/suggestions/${Number(error.extensions['suggestionId'])}`, 303);
      }
      const refusal = intakeRefusal(error, page, deps.config);
      if (refusal) return refuse({ form: refusal.message }, refusal.status);
      // The vendor's own ISBN or title that intake cannot take: said in the reader's words, with the title.
      if (error.type === 'validation')
        return refuse({ form: tr('ui.catalogue.unusable', { title: entry.title }) }, 422);
      throw error;
    }
  });
