// What the Workers build needs from outside src/: the classification reference data, the list
// of migrations this build ships, and Swagger UI's files for /docs. Workers have no files to
// read at run time, so wrangler bundles these into the script. Plain JavaScript beside its
// declaration (bundle.d.ts) because tsc compiles src/ alone and these live in db/ and
// node_modules/; only wrangler (esbuild) ever loads this module.
import clc from '../../db/classification/clc.json' with { type: 'json' };
import ddc from '../../db/classification/ddc.json' with { type: 'json' };
import disciplines from '../../db/classification/disciplines.json' with { type: 'json' };
import lcc from '../../db/classification/lcc.json' with { type: 'json' };
import journal from '../../db/migrations/meta/_journal.json' with { type: 'json' };
// Text modules, by the [[rules]] in wrangler.toml.
import swaggerBundle from 'swagger-ui-dist/swagger-ui-bundle.js';
import swaggerCss from 'swagger-ui-dist/swagger-ui.css';

export const classificationFiles = {
  'disciplines.json': disciplines,
  'lcc.json': lcc,
  'ddc.json': ddc,
  'clc.json': clc,
};

// The names `wrangler d1 migrations apply` records: drizzle-kit's journal lists every file.
export const migrationFiles = journal.entries.map((entry) => `${entry.tag}.sql`);

export const docsFiles = {
  'swagger-ui-bundle.js': swaggerBundle,
  'swagger-ui.css': swaggerCss,
};
