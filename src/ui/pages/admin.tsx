// /admin: the staff tools in one place, so that the site bar keeps one "Admin" item however many
// there are: each with what it is for, shown to whoever may use it.
import { Hono } from 'hono';
import type { MessageKey } from '../../i18n/index.js';
import { pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';
import { toolsFor } from '../admin-tools.js';
import { forbiddenPage } from './errors.js';

export const adminPages = new Hono<UiEnv>().get('/admin', requireSignIn(), (c) => {
  const page = pageOf(c);
  const { tr } = page;
  const tools = toolsFor(page.principal!);
  if (tools.length === 0) return forbiddenPage(c);
  const say = tr as (key: MessageKey) => string;
  return render(
    c,
    <Layout page={page} title={tr('ui.admin.title')} narrow>
      <h1>{tr('ui.admin.title')}</h1>
      {tools.map((tool) => (
        <section class="card" aria-labelledby={`tool-${tool.href.slice(1)}`}>
          <h2 id={`tool-${tool.href.slice(1)}`} style="margin-top:0">
            <a href={tool.href}>{say(tool.name)}</a>
          </h2>
          <p>{say(tool.about)}</p>
        </section>
      ))}
    </Layout>,
  );
});
