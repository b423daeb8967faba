// /ils: the outbox to the library's ILS for an administrator: how many titles wait, went or
// were given up on, the titles sent last with the ILS's ids for them (its number, the catalogue
// record), each given up on with the ILS's answer, and a button that tries them again
// (the page twin of `r2b ils status` and `r2b ils push --retry-dead`).
import { Hono } from 'hono';
import { retryDead } from '../../services/ils/outbox.js';
import { ilsSummary, type IlsSummary } from '../../services/ils/status.js';
import { Csrf } from '../components.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';
import { forgeryRefused } from './errors.js';

const NAMES: Record<string, string> = { koha: 'Koha', folio: 'FOLIO', alma: 'Alma' };

function IlsPage(props: { page: Page; summary: IlsSummary; retried: number | null }) {
  const { page, summary } = props;
  const { tr } = page;
  if (summary.ils === 'none')
    return (
      <Layout page={page} title={tr('ui.ils.title')}>
        <h1>{tr('ui.ils.title')}</h1>
        <p>{tr('ui.ils.none')}</p>
      </Layout>
    );
  const system = NAMES[summary.ils] ?? summary.ils;
  return (
    <Layout page={page} title={tr('ui.ils.title')}>
      <h1>{tr('ui.ils.title')}</h1>
      {props.retried !== null && (
        <p class="flash" role="status">
          {tr('ui.ils.retried', { count: props.retried })}
        </p>
      )}
      <p class="lede">
        {tr('ui.ils.counts', { system, pending: summary.pending, sent: summary.sent, dead: summary.dead })}
      </p>
      <p>
        {summary.lastSyncedAt
          ? tr('ui.ils.synced', { system, at: summary.lastSyncedAt.toLocaleString(page.locale, { timeZone: 'UTC' }) })
          : tr('ui.ils.neverSynced', { system })}
      </p>
      {summary.recent.length > 0 && (
        <table class="list">
          <caption>{tr('ui.ils.recent', { system })}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('ui.buylist.titleCol')}</th>
              <th scope="col">{tr('ui.ils.number', { system })}</th>
              <th scope="col">{tr('ui.ils.recordCol')}</th>
              <th scope="col">{tr('ui.ils.statusCol', { system })}</th>
            </tr>
          </thead>
          <tbody>
            {summary.recent.map((r) => (
              <tr>
                <td>
                  <a href={`/titles/${r.titleId}`}>{r.title ?? `#${r.titleId}`}</a>
                </td>
                <td>{r.ilsNumber ?? r.ilsId ?? ''}</td>
                <td>{r.recordId ?? ''}</td>
                <td lang="en">{r.ilsStatus ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {summary.failures.length > 0 && (
        <>
          <table class="list">
            <caption>{tr('ui.ils.failures', { system })}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('ui.buylist.titleCol')}</th>
                <th scope="col" class="num">
                  {tr('ui.ils.attempts')}
                </th>
                <th scope="col">{tr('ui.ils.answer', { system })}</th>
              </tr>
            </thead>
            <tbody>
              {summary.failures.map((f) => (
                <tr>
                  <td>{f.title ?? `#${f.titleId}`}</td>
                  <td class="num">{f.attempts}</td>
                  {/* The ILS's own words, in its language: quoted, not translated. */}
                  <td lang="en">
                    <code>{f.lastError ?? ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action="/ils/retry">
            <Csrf page={page} />
            <button type="submit">{tr('ui.ils.retry')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export const ilsPages = new Hono<UiEnv>()
  .get('/ils', requireSignIn('manageIls'), async (c) => {
    const retried = c.req.query('retried');
    return render(
      c,
      <IlsPage
        page={pageOf(c)}
        summary={await ilsSummary(c.get('deps'))}
        retried={retried && /^\d+$/.test(retried) ? Number(retried) : null}
      />,
    );
  })
  .post('/ils/retry', requireSignIn('manageIls'), async (c) => {
    const form = await c.req.parseBody();
    const forged = forgeryRefused(c, form);
    if (forged) return forged;
    const retried = await retryDead(c.get('deps'));
    return c.redirect(`/ils?retried=${retried}`, 303);
  });
