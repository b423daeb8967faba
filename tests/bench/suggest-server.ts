// The benchmark's server: the real app on the real Node HTTP server, as `r2b serve` runs it,
// with one bare Hono route beside it (POST /bare echoes its JSON body) as the reference. The
// bare route skips the app entirely: no middleware, no auth, no database.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
// The built service (dist/, as `r2b serve` runs it), not the TypeScript sources through tsx.
import { createApp } from '../../dist/app.js';
import { startCheckpointer } from '../../dist/db/checkpointer.js';
import { openNodeContext } from '../../dist/node.js';

const context = openNodeContext(process.env);
// As `r2b serve` does: WAL checkpoints on their own thread.
startCheckpointer(context.db);
const app = createApp(context.deps);
const bare = new Hono().post('/bare', async (c) => c.json(await c.req.json(), 201));

serve(
  {
    fetch: (request, env) => (request.url.endsWith('/bare') ? bare.fetch(request) : app.fetch(request, env)),
    port: 0,
    hostname: '127.0.0.1',
  },
  (info) => console.log(`listening ${info.port}`),
);

// Exit cleanly when the benchmark is done, so `--cpu-prof` can write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
