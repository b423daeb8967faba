// The title page's tools for putting pooling right: confirm (or set aside) the edition
// enrichment proposed, merge another title of the same work into this one, split requests
// off onto a title of their own. Plain forms: a GET search for the other title, then POSTs
// that redirect back to the page that remains, saying what was done.
import { Hono } from 'hono';
import { titleName } from '../../domain/title-name.js';
import { may } from '../../domain/access.js';
import type { Workflow } from '../../domain/workflow.js';
import { ApiError } from '../../errors.js';
import type { Title } from '../../routes/titles/titles.handlers.js';
import { getTitle } from '../../services/titles.js';
import {
  confirmIsbn,
  type MergeCandidate,
  mergeTitles,
  rejectProposal,
  splitTitle,
} from '../../services/title-merge.js';
import { Csrf, Field, statusName } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { requireSignIn, setFlash } from '../middleware.js';
import { forgeryRefused, notFoundPage } from './errors.js';

// The providers by the names their owners give them.
const PROVIDER_NAMES: Record<string, string> = { openlibrary: 'Open Library', googlebooks: 'Google Books' };

export function TitleMergeTools(props: {
  page: Page;
  title: Title;
  workflow: Workflow;
  candidates: MergeCandidate[];
  query: string;
}) {
  const { page, title, workflow, candidates, query } = props;
  const { tr, locale } = page;
  const role = page.principal?.role;
  const action = `/titles/${title.id}`;
  const proposal = title.proposal;
  return (
    <>
      {proposal && role && may(role, 'decide') && (
        <section aria-labelledby="edition" class="card">
          <h2 id="edition">{tr('ui.edition.heading')}</h2>
          <p>{tr('ui.edition.found', { provider: PROVIDER_NAMES[proposal.provider] ?? proposal.provider })}</p>
          <p>
            <strong>{proposal.metadata.title ?? titleName(title, locale)}</strong>{' '}
            {[proposal.metadata.authors?.join(', '), proposal.metadata.publisher, proposal.metadata.publishedYear]
              .filter(Boolean)
              .join(' · ')}
            {` · ISBN ${proposal.isbn13}`}
          </p>
          <form method="post" action={`${action}/edition`} class="inline">
            <Csrf page={page} />
            <input type="hidden" name="isbn" value={proposal.isbn13} />
            <button type="submit">{tr('ui.edition.confirm')}</button>
          </form>{' '}
          <form method="post" action={`${action}/edition/reject`} class="inline">
            <Csrf page={page} />
            <button type="submit" class="secondary">
              {tr('ui.edition.reject')}
            </button>
          </form>
        </section>
      )}

      {role && may(role, 'mergeTitles') && (
        <>
          <section aria-labelledby="merge" class="card">
            <h2 id="merge">{tr('ui.merge.heading')}</h2>
            <p>{tr('ui.merge.explain')}</p>
            <form method="get" action={`${action}#merge`} role="search">
              <Field id="merge-q" label={tr('ui.merge.find')}>
                {(described) => <input id="merge-q" name="other" type="search" value={query} {...described} />}
              </Field>
              <button type="submit" class="secondary">
                {tr('ui.merge.search')}
              </button>
            </form>
            {candidates.length === 0 ? (
              <p class="muted">{tr('ui.merge.noCandidates')}</p>
            ) : (
              <form method="post" action={`${action}/merge`}>
                <Csrf page={page} />
                <fieldset>
                  <legend>{tr('ui.merge.choose')}</legend>
                  {candidates.map((other, i) => (
                    <div>
                      <input
                        type="radio"
                        id={`merge-from-${other.id}`}
                        name="from"
                        value={String(other.id)}
                        checked={i === 0 && candidates.length === 1}
                      />{' '}
                      <label for={`merge-from-${other.id}`}>
                        <a href={`/titles/${other.id}`}>{titleName(other, locale)}</a>
                        {` · ${tr('ui.merge.candidate', {
                          author: other.author ?? '',
                          status: statusName(workflow, other.status, locale),
                          count: other.requesterCount,
                        })}`}
                      </label>
                    </div>
                  ))}
                </fieldset>
                <button type="submit">{tr('ui.merge.submit')}</button>
              </form>
            )}
          </section>

          {(title.requesters?.length ?? 0) > 1 && (
            <section aria-labelledby="split" class="card">
              <h2 id="split">{tr('ui.split.heading')}</h2>
              <p>{tr('ui.split.explain')}</p>
              <form method="post" action={`${action}/split`}>
                <Csrf page={page} />
                <fieldset>
                  <legend>{tr('ui.split.legend')}</legend>
                  {title.requesters!.map((r) => (
                    <div>
                      <input
                        type="checkbox"
                        id={`split-${r.suggestionId}`}
                        name="suggestion"
                        value={String(r.suggestionId)}
                      />{' '}
                      <label for={`split-${r.suggestionId}`}>
                        {r.displayName ?? r.externalId}
                        {r.reason ? ` · ${r.reason}` : ''}
                      </label>
                    </div>
                  ))}
                </fieldset>
                <p class="hint" id="split-book-hint">
                  {tr('ui.split.bookHint')}
                </p>
                <Field id="split-isbn" label={tr('ui.split.isbn')}>
                  {(described) => (
                    <input
                      type="text"
                      id="split-isbn"
                      name="isbn"
                      inputmode="numeric"
                      aria-describedby="split-book-hint"
                      {...described}
                    />
                  )}
                </Field>
                <Field id="split-title" label={tr('ui.split.title')}>
                  {(described) => <input type="text" id="split-title" name="title" {...described} />}
                </Field>
                <Field id="split-author" label={tr('ui.split.author')}>
                  {(described) => <input type="text" id="split-author" name="author" {...described} />}
                </Field>
                <button type="submit">{tr('ui.split.submit')}</button>
              </form>
            </section>
          )}
        </>
      )}
    </>
  );
}

/** What a refused form shows: the service's sentence (already in the reader's language), on the title's page. */
export type ShowTitle = (
  c: UiContext,
  id: number,
  refusal: { status: 404 | 409 | 422; text: string },
) => Promise<Response>;

const field = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

/**
 * The forms' POSTs. Each checks the anti-forgery token, acts, and redirects to the title
 * that remains with a word of what was done; a refusal is shown on the title's page.
 */
export function titleMergePages(showTitle: ShowTitle) {
  const act =
    (action: (c: UiContext, id: number, form: Record<string, unknown>) => Promise<{ to: number; done: string }>) =>
    async (c: UiContext) => {
      if (!/^[1-9]\d{0,15}$/.test(c.req.param('id') ?? '')) return notFoundPage(c);
      const id = Number(c.req.param('id'));
      const form = await c.req.parseBody({ all: true });
      const forged = forgeryRefused(c, form);
      if (forged) return forged;
      try {
        const { to, done } = await action(c, id, form);
        setFlash(c, done);
        return c.redirect(`/titles/${to}`, 303);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const status = error.status === 404 ? 404 : error.status === 409 ? 409 : 422;
        return showTitle(c, id, { status, text: error.detail });
      }
    };

  const nameOf = async (c: UiContext, id: number) => (await namedTitle(c, id)).name;
  const namedTitle = async (c: UiContext, id: number) => {
    const row = await getTitle(c.get('deps'), id);
    return { name: row ? titleName(row, pageOf(c).locale) : '', author: row?.author ?? null };
  };

  return new Hono<UiEnv>()
    .post(
      '/titles/:id/merge',
      requireSignIn('mergeTitles'),
      act(async (c, id, form) => {
        const { tr, locale, principal } = pageOf(c);
        const raw = field(form, 'from');
        const other = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
        if (other === null) throw new ApiError('validation', tr('ui.merge.none', { title: await nameOf(c, id) }));
        const merged = await namedTitle(c, other);
        const kept = await mergeTitles(c.get('deps'), principal!, id, other, locale);
        return {
          to: kept,
          done: tr('ui.merge.done', { title: await nameOf(c, kept), other: merged.name, author: merged.author }),
        };
      }),
    )
    .post(
      '/titles/:id/split',
      requireSignIn('mergeTitles'),
      act(async (c, id, form) => {
        const { tr, locale, principal } = pageOf(c);
        const chosen = ([] as unknown[])
          .concat(form['suggestion'] ?? [])
          .filter((v): v is string => typeof v === 'string' && /^[1-9]\d{0,15}$/.test(v))
          .map(Number);
        const made = await splitTitle(
          c.get('deps'),
          principal!,
          id,
          {
            suggestions: chosen,
            isbn: field(form, 'isbn'),
            title: field(form, 'title'),
            author: field(form, 'author'),
          },
          locale,
        );
        return { to: made, done: tr('ui.split.done', { title: await nameOf(c, made), count: chosen.length }) };
      }),
    )
    .post(
      '/titles/:id/edition',
      requireSignIn('decide'),
      act(async (c, id, form) => {
        const { tr, locale, principal } = pageOf(c);
        const isbn = field(form, 'isbn');
        const title = await getTitle(c.get('deps'), id);
        if (title?.isbn13) {
          throw new ApiError(
            'forbidden-move',
            tr('ui.edition.hasIsbn', { title: titleName(title, locale), isbn: title.isbn13 }),
          );
        }
        const kept = await confirmIsbn(c.get('deps'), principal!, id, isbn);
        return { to: kept, done: tr('ui.edition.confirmed', { title: await nameOf(c, kept), isbn }) };
      }),
    )
    .post(
      '/titles/:id/edition/reject',
      requireSignIn('decide'),
      act(async (c, id) => {
        const { tr, locale, principal } = pageOf(c);
        await rejectProposal(c.get('deps'), principal!, id, locale);
        return { to: id, done: tr('ui.edition.rejected', { title: await nameOf(c, id) }) };
      }),
    );
}
