import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new migration into db/migrations after src/db/schema.ts
// changes. The same folder is applied by Node at start and by `wrangler d1 migrations apply`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './db/migrations',
});
