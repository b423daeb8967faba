// /titles/:id: one title as a selector weighs it. Who asked and why (names for selectors and
// admins; a liaison sees their department's titles, by category and department only), the
// score's parts, the courses, the copies held and wanted, where it is in the ILS, what its
// requesters said once it arrived, and its history with staff's edits; liaisons' endorsements.
// What the API's GET /titles/{id} answers, in the reader's language; linked from the buy list,
// the department page and the digest. Selectors and admins edit it here, and liaisons endorse
// it (the forms are in title-edit.tsx), as PATCH and POST /titles/{id}/endorsements do.
import { Hono } from 'hono';
import { may } from '../../domain/access.js';
import { TEXT_LIMITS } from '../../domain/text-limits.js';
import { endorse, withdraw } from '../../services/endorsements.js';
import { editTitle, type StaffMember, staffMembers } from '../../services/title-edits.js';
import { requireSignIn, sameOrigin, setFlash, takeFlash, tokenMatches } from '../middleware.js';
import {
  ChangeLine,
  EditSection,
  type EditForm,
  editFormOf,
  editOf,
  EndorsementsSection,
  fieldErrors,
} from './title-edit.js';
import { FORMATS, type Format, PATRON_CATEGORIES, type PatronCategory } from '../../db/schema.js';
import { COMPONENTS } from '../../domain/scoring.js';
import { titleName } from '../../domain/title-name.js';
import { ApiError } from '../../errors.js';
import { fullTitle, type Title } from '../../routes/titles/titles.handlers.js';
import { type BuyListRow, buildBuyList } from '../../services/buylist.js';
import { type FieldErrors, formatDate, formatMoney, IlsPlace, StatusBadge, statusName } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { render } from '../render.js';
import type { Workflow } from '../../domain/workflow.js';
import { stepReason } from '../../domain/step-reason.js';
import { mergeCandidates } from '../../services/title-merge.js';
import type { Child } from 'hono/jsx';
import { TitleMergeTools, titleMergePages } from './title-merge.js';
import { errorPage, notFoundPage } from './errors.js';
import { editionLine } from '../../domain/request-details.js';

const CATEGORY_KEYS = new Set<string>(PATRON_CATEGORIES);
const FORMAT_KEYS = new Set<string>(FORMATS);

/** What the staff and liaison forms show: as the title stands, or as typed and refused. */
interface Forms {
  edit?: { form: EditForm; members: StaffMember[]; errors: FieldErrors } | undefined;
  endorse?: { comment: string; error: string | undefined } | undefined;
}

function TitlePage(props: {
  page: Page;
  title: Title;
  row: BuyListRow | undefined;
  workflow: Workflow;
  forms: Forms;
  flash: ReturnType<typeof takeFlash>;
  refusal: string | null;
  tools: Child;
  branches: { code: string; name: string }[];
}) {
  const { page, title, row, workflow, forms } = props;
  const branchName = (code: string) => props.branches.find((b) => b.code === code)?.name ?? code;
  const { tr, locale } = page;
  const name = titleName(title, locale);
  const meta = title.metadata;
  const counts = (record: Record<string, number>, name: (key: string) => string = (k) => k) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${name(k)} ${n}`)
      .join(', ') || tr('ui.title.none');
  const stepText = (e: NonNullable<Title['history']>[number]) =>
    stepReason(workflow, e, title.held?.where ?? null, locale);
  const category = (k: string) => (CATEGORY_KEYS.has(k) ? tr(`ui.category.${k as PatronCategory}`) : k);
  return (
    <Layout page={page} title={name} flash={props.flash}>
      <p>
        <a href="/buylist">{tr('ui.title.back')}</a>
      </p>
      {props.refusal && (
        <div class="flash error" role="alert">
          {props.refusal}
        </div>
      )}
      <h1>{name}</h1>
      <p class="lede">
        {[title.author, meta?.publisher, meta?.publishedYear, title.isbn13 && `ISBN ${title.isbn13}`]
          .filter(Boolean)
          .join(' · ')}{' '}
        <StatusBadge workflow={workflow} status={title.status} locale={locale} />
      </p>

      <section aria-labelledby="why" class="card">
        <h2 id="why">{tr('ui.title.why')}</h2>
        {row?.components ? (
          <>
            <p>
              <strong>{tr('ui.title.score', { score: row.score?.toFixed(1) ?? '–' })}</strong> {row.reason}
            </p>
            <table class="list">
              <caption>{tr('ui.title.components')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('ui.title.component')}</th>
                  <th scope="col" class="num">
                    {tr('ui.title.input')}
                  </th>
                  <th scope="col" class="num">
                    {tr('ui.title.contribution')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {COMPONENTS.map((c) => {
                  const part = row.components![c];
                  return (
                    <tr>
                      <th scope="row" style="font-weight:400">
                        {tr(`ui.component.${c}`)}
                      </th>
                      <td class="num">{part.value === null ? '–' : Number(part.value.toFixed(2))}</td>
                      <td class="num">{`${part.contribution >= 0 ? '+' : ''}${part.contribution.toFixed(2)}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        ) : (
          <p class="muted">{tr('ui.buylist.unscored')}</p>
        )}
        <p>
          {tr('ui.title.demand', {
            categories: counts(title.demand.byCategory, category),
            departments: counts(title.demand.byDepartment),
          })}
        </p>
        {title.courses.length > 0 && (
          <p>
            {tr('ui.title.courses', {
              courses: title.courses.map((c) => `${c.course}${c.term ? ` (${c.term})` : ''}`).join(', '),
            })}
          </p>
        )}
        <p>
          {tr('ui.title.copies', {
            recommended: title.copies.recommended,
            held: title.copies.held,
            toOrder: title.copies.toOrder,
          })}
          {title.held && ` ${tr('ui.title.heldWhere', { where: title.held.where })}`}
        </p>
        {title.price && (
          <p>{tr('ui.title.price', { price: formatMoney(locale, title.price.amount, title.price.currency) })}</p>
        )}
        {title.ils && (
          <p>
            <IlsPlace page={page} place={{ ...title.ils, ils: title.ils.system }} />
          </p>
        )}
      </section>

      {title.requesters && (
        <section aria-labelledby="who">
          <h2 id="who">{tr('ui.title.requesters', { count: title.requesters.length })}</h2>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{tr('ui.title.who')}</th>
                <th scope="col">{tr('ui.title.reason')}</th>
                <th scope="col">{tr('ui.title.edition')}</th>
                <th scope="col">{tr('ui.title.format')}</th>
                <th scope="col">{tr('ui.title.needBy')}</th>
                <th scope="col">{tr('ui.title.course')}</th>
              </tr>
            </thead>
            <tbody>
              {title.requesters.map((r) => (
                <tr>
                  <th scope="row" style="font-weight:400">
                    {r.displayName ?? r.externalId}
                    <span class="reason">{[category(r.category), r.department].filter(Boolean).join(' · ')}</span>
                  </th>
                  <td>
                    {r.reason ?? <span class="muted">{tr('ui.title.none')}</span>}
                    {r.noteToStaff && (
                      <span class="reason">
                        {tr('ui.title.noteToStaff')}: {r.noteToStaff}
                      </span>
                    )}
                    {r.pickupBranch && (
                      <span class="reason">
                        {tr('ui.title.pickup')}: {branchName(r.pickupBranch)}
                      </span>
                    )}
                  </td>
                  <td>{editionLine({ ...r, publishedYear: r.year }) ?? '–'}</td>
                  <td>{FORMAT_KEYS.has(r.format) ? tr(`ui.format.${r.format as Format}`) : r.format}</td>
                  <td>{r.needBy ?? '–'}</td>
                  <td>{r.course ? `${r.course.code}${r.course.enrolment ? ` (${r.course.enrolment})` : ''}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {title.feedback && (
        <section aria-labelledby="said">
          <h2 id="said">{tr('ui.title.feedback', { yes: title.feedback.yes, no: title.feedback.no })}</h2>
          {title.feedback.notes && title.feedback.notes.length > 0 && (
            <ul>
              {title.feedback.notes.map((n) => (
                <li>
                  {n.answer === 'yes' ? tr('ui.feedback.yes') : tr('ui.feedback.no')}: “{n.note}”
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <EndorsementsSection
        page={page}
        title={title}
        canEndorse={forms.endorse !== undefined}
        comment={forms.endorse?.comment ?? ''}
        error={forms.endorse?.error}
      />

      {forms.edit && (
        <EditSection
          page={page}
          titleId={title.id}
          form={forms.edit.form}
          members={forms.edit.members}
          errors={forms.edit.errors}
        />
      )}

      {props.tools}

      <section aria-labelledby="history">
        <h2 id="history">{tr('ui.title.history')}</h2>
        <ol class="timeline" aria-labelledby="history">
          {[
            ...(title.history ?? []).map((e) => ({
              at: e.at,
              line: (
                <li>
                  <strong>{statusName(workflow, e.to, locale)}</strong>{' '}
                  <time datetime={e.at}>{formatDate(locale, e.at)}</time>
                  {stepText(e) && <span> {stepText(e)}</span>}
                </li>
              ),
            })),
            // Staff's edits, in time with the moves (a sort that keeps each list's own order).
            ...(title.changes ?? []).map((change) => ({
              at: change.at,
              line: <ChangeLine page={page} change={change} />,
            })),
          ]
            .sort((a, b) => a.at.localeCompare(b.at))
            .map((entry) => entry.line)}
        </ol>
      </section>
    </Layout>
  );
}

/**
 * The title's page for this reader, with the forms they may use, as they stand or as refused;
 * with `refusal`, what a merge, split or edition form was refused, said above it.
 */
async function showTitle(
  c: UiContext,
  id: number,
  refused: Forms = {},
  status: 200 | 404 | 409 | 422 = 200,
  refusal: string | null = null,
): Promise<Response> {
  const page = pageOf(c);
  const deps = c.get('deps');
  const principal = c.get('session')!.principal;
  let title: Title;
  try {
    title = await fullTitle(deps, principal, id);
  } catch (error) {
    // Another department's title is not found for a liaison, as in the API.
    if (error instanceof ApiError) return notFoundPage(c);
    throw error;
  }
  // The score's parts and reason, as the buy list works them out for this one title.
  const list = await buildBuyList(deps, { titleIds: [id], limit: 1, assignment: null, locale: page.locale });
  const forms: Forms = {
    edit: may(principal.role, 'editTitles')
      ? (refused.edit ?? {
          form: editFormOf(title, deps.config.LIBRARY_CURRENCY),
          members: await staffMembers(deps),
          errors: {},
        })
      : undefined,
    endorse: may(principal.role, 'endorse') ? (refused.endorse ?? { comment: '', error: undefined }) : undefined,
  };
  const query = c.req.query('other') ?? '';
  const candidates = may(principal.role, 'mergeTitles')
    ? await mergeCandidates(deps, { id, title: title.title, proposedIsbn: title.proposal?.isbn13 ?? null }, query)
    : [];
  return render(
    c,
    <TitlePage
      page={page}
      title={title}
      row={list.items[0]}
      workflow={deps.workflow}
      forms={forms}
      flash={status === 200 ? takeFlash(c) : null}
      refusal={refusal}
      branches={deps.config.PICKUP_BRANCHES}
      tools={
        <TitleMergeTools page={page} title={title} workflow={deps.workflow} candidates={candidates} query={query} />
      }
    />,
    status,
  );
}

const titleId = (c: UiContext) => (/^[1-9]\d{0,15}$/.test(c.req.param('id') ?? '') ? Number(c.req.param('id')) : null);

/** A form of this page, checked against forgery; null when it is not one. */
async function formOf(c: UiContext): Promise<Record<string, unknown> | null> {
  const form = await c.req.parseBody();
  return sameOrigin(c) && tokenMatches(pageOf(c).csrf, form['_csrf']) ? form : null;
}

const forged = (c: UiContext) => {
  const { tr } = pageOf(c);
  return errorPage(c, 403, tr('ui.error.forgery'), tr('ui.error.forgeryDetail'));
};

export const titlePages = new Hono<UiEnv>()
  .get('/titles/:id', requireSignIn('readTitles'), async (c) => {
    const id = titleId(c);
    return id === null ? notFoundPage(c) : showTitle(c, id);
  })
  .post('/titles/:id/edit', requireSignIn('editTitles'), async (c) => {
    const id = titleId(c);
    if (id === null) return notFoundPage(c);
    const form = await formOf(c);
    if (!form) return forged(c);
    const deps = c.get('deps');
    const page = pageOf(c);
    const principal = c.get('session')!.principal;
    let current: Title;
    try {
      current = await fullTitle(deps, principal, id);
    } catch (error) {
      if (error instanceof ApiError) return notFoundPage(c);
      throw error;
    }
    const { edit, errors } = editOf(form, editFormOf(current, deps.config.LIBRARY_CURRENCY));
    if (Object.keys(errors).length === 0) {
      try {
        const changed = await editTitle(deps, principal, id, edit);
        setFlash(c, page.tr(changed.length ? 'ui.edit.saved' : 'ui.edit.unchanged'));
        return c.redirect(`/titles/${id}`, 303);
      } catch (error) {
        // A colleague who is no longer staff (a token revoked since the form was drawn).
        if (!(error instanceof ApiError) || error.status !== 422) throw error;
        errors.assignee = true;
      }
    }
    const typed = Object.fromEntries(
      Object.entries(editFormOf(current, deps.config.LIBRARY_CURRENCY)).map(([k, v]) => [
        k,
        typeof form[k] === 'string' ? (form[k] as string) : v,
      ]),
    ) as EditForm;
    const refused = { form: typed, members: await staffMembers(deps), errors: fieldErrors(page, errors) };
    return showTitle(c, id, { edit: refused }, 422);
  })
  .post('/titles/:id/endorsement', requireSignIn('endorse'), async (c) => {
    const id = titleId(c);
    if (id === null) return notFoundPage(c);
    const form = await formOf(c);
    if (!form) return forged(c);
    const page = pageOf(c);
    const comment = typeof form['comment'] === 'string' ? form['comment'].trim() : '';
    if (comment.length > TEXT_LIMITS.comment) {
      return showTitle(c, id, { endorse: { comment, error: page.tr('ui.endorse.tooLong') } }, 422);
    }
    try {
      await endorse(c.get('deps'), c.get('session')!.principal, id, comment || null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return notFoundPage(c);
      throw error;
    }
    setFlash(c, page.tr('ui.endorse.done'));
    return c.redirect(`/titles/${id}`, 303);
  })
  .post('/titles/:id/endorsement/withdraw', requireSignIn('endorse'), async (c) => {
    const id = titleId(c);
    if (id === null) return notFoundPage(c);
    const form = await formOf(c);
    if (!form) return forged(c);
    try {
      await withdraw(c.get('deps'), c.get('session')!.principal, id);
    } catch (error) {
      // Nothing of theirs to withdraw: another department's title, or one withdrawn already.
      if (error instanceof ApiError && error.status === 404) return notFoundPage(c);
      throw error;
    }
    setFlash(c, pageOf(c).tr('ui.endorse.withdrawn'));
    return c.redirect(`/titles/${id}`, 303);
  })
  .route(
    '/',
    titleMergePages((c, id, refusal) => showTitle(c, id, {}, refusal?.status ?? 200, refusal?.text ?? null)),
  );
