// /outbox: the messages to requesters and liaisons as an admin follows them: queued, failed (to
// be tried again), sent, dead; narrowed by state, channel and title, with the last error of
// each; a dead message, or every one, sent again once its cause is fixed. A requester is named
// by their library id, never their address: the admin needs to know whose message it is, not
// where it goes.
import { Hono } from 'hono';
import { OutboxFilters } from '../../routes/notifications/notifications.routes.js';
import {
  CHANNELS,
  countMessages,
  listMessages,
  MESSAGE_STATES,
  type MessageKind,
  type MessageState,
  type OutboxEntry,
  retryDeadMessage,
  retryDeadMessages,
} from '../../services/notifications/outbox.js';
import { titleName } from '../../domain/title-name.js';
import { Csrf } from '../components.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn, setFlash, takeFlash } from '../middleware.js';
import { render } from '../render.js';
import { errorPage, forgeryRefused } from './errors.js';

type Filters = ReturnType<typeof OutboxFilters.parse>;

function stateOf(entry: OutboxEntry): MessageState {
  if (entry.status === 'pending') return entry.attempts > 0 ? 'failed' : 'queued';
  return entry.status;
}

function when(page: Page, ms: number | null): string {
  if (ms === null) return '–';
  return new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ms);
}

function FilterForm(props: { page: Page; filters: Filters; counts: Record<MessageState, number> }) {
  const { page, filters, counts } = props;
  const { tr } = page;
  return (
    <form method="get" action="/outbox" class="filters" aria-label={tr('ui.outbox.filters')}>
      <div class="field">
        <label for="o-state">{tr('ui.outbox.state')}</label>
        <select id="o-state" name="state">
          <option value="">{tr('ui.outbox.anyState')}</option>
          {MESSAGE_STATES.map((state) => (
            <option value={state} selected={filters.state === state}>
              {`${tr(`ui.outbox.state.${state}`)} (${counts[state]})`}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="o-channel">{tr('ui.outbox.channel')}</label>
        <select id="o-channel" name="channel">
          <option value="">{tr('ui.outbox.anyChannel')}</option>
          {CHANNELS.map((channel) => (
            <option value={channel} selected={filters.channel === channel}>
              {tr(`ui.outbox.channel.${channel}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="o-title">{tr('ui.outbox.title')}</label>
        <input type="search" id="o-title" name="title" value={filters.title ?? ''} maxlength={200} />
      </div>
      <button type="submit">{tr('ui.buylist.show')}</button>
    </form>
  );
}

function OutboxPage(props: {
  page: Page;
  filters: Filters;
  entries: OutboxEntry[];
  counts: Record<MessageState, number>;
  flash: { text: string } | null;
}) {
  const { page, entries, counts } = props;
  const { tr } = page;
  return (
    <Layout page={page} title={tr('ui.outbox.heading')} flash={props.flash}>
      <h1>{tr('ui.outbox.heading')}</h1>
      <p class="lede">{tr('ui.outbox.lede')}</p>
      <FilterForm page={page} filters={props.filters} counts={counts} />
      {counts.dead > 0 && (
        <form method="post" action="/outbox/retry-dead" class="row" style="margin:12px 0">
          <Csrf page={page} />
          <button type="submit">{tr('ui.outbox.retryAll', { count: counts.dead })}</button>
        </form>
      )}
      {entries.length === 0 ? (
        <p>{tr('ui.outbox.empty')}</p>
      ) : (
        <div class="scroll">
          <table class="list">
            <caption>{tr('ui.outbox.caption', { count: entries.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('ui.outbox.message')}</th>
                <th scope="col">{tr('ui.outbox.recipient')}</th>
                <th scope="col">{tr('ui.outbox.state')}</th>
                <th scope="col" class="num">
                  {tr('ui.outbox.attempts')}
                </th>
                <th scope="col">{tr('ui.outbox.lastError')}</th>
                <th scope="col">{tr('ui.outbox.queuedAt')}</th>
                <th scope="col">{tr('ui.buylist.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const state = stateOf(entry);
                const about =
                  entry.titleId === null ? null : titleName({ title: entry.title, isbn13: null }, page.locale);
                return (
                  <tr>
                    <td>
                      {tr(`ui.outbox.kind.${entry.kind as MessageKind}`)}
                      {about && (
                        <span class="reason">
                          <a href={`/titles/${entry.titleId}`}>{about}</a>
                        </span>
                      )}
                    </td>
                    <td>{entry.recipient ?? tr('ui.outbox.liaison')}</td>
                    <td>
                      <span class={`status ${state === 'sent' ? 'active' : state === 'dead' ? 'closed' : ''}`}>
                        {tr(`ui.outbox.state.${state}`)}
                      </span>
                      {state === 'sent' && <span class="reason">{when(page, entry.sentAt)}</span>}
                    </td>
                    <td class="num">{entry.attempts}</td>
                    <td>{entry.lastError ? <samp lang="en">{entry.lastError}</samp> : '–'}</td>
                    <td>{when(page, entry.createdAt)}</td>
                    <td>
                      {state === 'dead' && (
                        <form method="post" action={`/outbox/${encodeURIComponent(entry.id)}/retry`}>
                          <Csrf page={page} />
                          <button
                            type="submit"
                            class="small"
                            aria-label={tr('ui.outbox.retryOne', { title: about ?? tr(`ui.outbox.kind.digest`) })}
                          >
                            {tr('ui.outbox.retry')}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export const outboxPages = new Hono<UiEnv>()
  .get('/outbox', requireSignIn('outbox'), async (c) => {
    const page = pageOf(c);
    const { db } = c.get('deps');
    const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
    const parsed = OutboxFilters.safeParse(given);
    if (!parsed.success) return errorPage(c, 422, page.tr('ui.outbox.heading'), page.tr('ui.outbox.badFilter'));
    return render(
      c,
      <OutboxPage
        page={page}
        filters={parsed.data}
        entries={await listMessages(db, parsed.data)}
        counts={await countMessages(db)}
        flash={takeFlash(c)}
      />,
    );
  })
  .post('/outbox/retry-dead', requireSignIn('outbox'), async (c) => {
    const refused = forgeryRefused(c, await c.req.parseBody());
    if (refused) return refused;
    const { db, clock } = c.get('deps');
    const count = await retryDeadMessages(db, clock().getTime());
    setFlash(c, pageOf(c).tr('ui.outbox.retried', { count }));
    return c.redirect('/outbox', 303);
  })
  .post('/outbox/:id/retry', requireSignIn('outbox'), async (c) => {
    const refused = forgeryRefused(c, await c.req.parseBody());
    if (refused) return refused;
    const { db, clock } = c.get('deps');
    const id = c.req.param('id').slice(0, 64);
    const entry = await retryDeadMessage(db, id, clock().getTime());
    const { tr } = pageOf(c);
    setFlash(c, entry ? tr('ui.outbox.retried', { count: 1 }) : tr('ui.outbox.notDead'));
    return c.redirect('/outbox', 303);
  });
