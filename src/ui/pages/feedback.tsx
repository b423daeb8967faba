// /feedback/:token: "Was this what you needed?", reached from the link in the message that a
// requested book is on the shelf. No sign-in: the link's random token is its credential, so a
// requester answers from any device in one click. Opening the link changes nothing (mail
// scanners open links); the answer is a form posted from this page, once.
import { Hono } from 'hono';
import { titleName } from '../../domain/title-name.js';
import { answerFeedback, type FeedbackAnswer, feedbackLink } from '../../services/feedback.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { sameOrigin } from '../middleware.js';
import { render } from '../render.js';
import { errorPage, forbiddenPage, notFoundPage } from './errors.js';

const NOTE_LIMIT = 1000;

function FeedbackForm(props: { page: Page; token: string; title: string }) {
  const { tr } = props.page;
  return (
    <Layout page={props.page} title={tr('ui.feedback.title')} narrow>
      <h1>{tr('ui.feedback.question', { title: props.title })}</h1>
      <form method="post" action={`/feedback/${props.token}`} class="card">
        <div class="field">
          <label for="f-note">{tr('ui.feedback.note')}</label>
          <span class="hint" id="f-note-hint">
            {tr('ui.feedback.noteHint')}
          </span>
          <textarea id="f-note" name="note" rows={3} maxlength={NOTE_LIMIT} aria-describedby="f-note-hint"></textarea>
        </div>
        <p>
          <button type="submit" name="answer" value="yes">
            {tr('ui.feedback.yes')}
          </button>{' '}
          <button type="submit" name="answer" value="no" class="secondary">
            {tr('ui.feedback.no')}
          </button>
        </p>
      </form>
    </Layout>
  );
}

function Said(props: { page: Page; heading: string; detail: string }) {
  return (
    <Layout page={props.page} title={props.heading} narrow>
      <h1>{props.heading}</h1>
      <p>{props.detail}</p>
    </Layout>
  );
}

export const feedbackPages = new Hono<UiEnv>()
  .get('/feedback/:token', async (c) => {
    const page = pageOf(c);
    const link = await feedbackLink(c.get('deps').db, c.req.param('token'), c.get('deps').clock());
    if (!link) return notFoundPage(c);
    const title = titleName(link, page.locale);
    if (link.answer)
      return render(
        c,
        <Said page={page} heading={page.tr('ui.feedback.thanks')} detail={page.tr('ui.feedback.already', { title })} />,
      );
    if (link.expired)
      return errorPage(c, 410, page.tr('ui.feedback.expired'), page.tr('ui.feedback.expiredDetail', { title }));
    return render(c, <FeedbackForm page={page} token={c.req.param('token')} title={title} />);
  })
  .post('/feedback/:token', async (c) => {
    // Another site cannot read the link, but it could post a guessed answer through a
    // visitor's browser: only this site's own form counts.
    if (!sameOrigin(c)) return forbiddenPage(c);
    const page = pageOf(c);
    const { db, clock } = c.get('deps');
    const token = c.req.param('token');
    const form = await c.req.parseBody();
    const answer = form['answer'];
    if (answer !== 'yes' && answer !== 'no')
      return errorPage(c, 422, page.tr('ui.feedback.title'), page.tr('ui.feedback.choose'));
    const noteText =
      typeof form['note'] === 'string'
        ? form['note'].replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim()
        : '';
    const note = noteText ? noteText.slice(0, NOTE_LIMIT) : null;
    const link = await feedbackLink(db, token, clock());
    if (!link) return notFoundPage(c);
    const title = titleName(link, page.locale);
    const result = await answerFeedback(db, token, answer as FeedbackAnswer, note, clock());
    if (result === 'expired')
      return errorPage(c, 410, page.tr('ui.feedback.expired'), page.tr('ui.feedback.expiredDetail', { title }));
    if (result === 'already')
      return render(
        c,
        <Said page={page} heading={page.tr('ui.feedback.thanks')} detail={page.tr('ui.feedback.already', { title })} />,
        409,
      );
    return render(
      c,
      <Said
        page={page}
        heading={page.tr('ui.feedback.thanks')}
        detail={page.tr(answer === 'yes' ? 'ui.feedback.gladYes' : 'ui.feedback.gladNo', { title })}
      />,
    );
  });
