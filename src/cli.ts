#!/usr/bin/env node
// The `r2b` command. Output meant for scripts (a token, JSON) goes to stdout alone; what a
// person reads (progress, notes) goes to stderr.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, parseConfig } from './config.js';
import { PATRON_CATEGORIES, ROLES } from './db/schema.js';
import { LOCALES } from './domain/locale.js';
import { speaksForDepartment } from './domain/access.js';
import { type NodeContext, openNodeContext, startServer, systemClock } from './node.js';
import { loadClassificationData } from './node/classification-data.js';
import { DEMO_DEPARTMENTS, readDemoLibrary } from './demo/library.js';
import { readDepartmentDisciplines, writeHoldings, writeLoanHistory, writeRequests } from './demo/generate-loans.js';
import { createToken, listTokens, revokeToken, type TokenListing } from './services/access/tokens.js';
import { allocationText } from './cli/allocation.js';
import { outcomesText } from './cli/outcomes.js';
import { padColumn, table } from './cli/columns.js';
import { progressLine, summaryJson, summaryText } from './cli/report.js';
import type { Deps, Principal } from './context.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { LOAN_PRESETS } from './domain/loan-presets.js';
import { READING_LIST_PRESETS } from './domain/reading-list-presets.js';
import { type Locale } from './domain/locale.js';
import { AllocationQuery } from './routes/allocation/allocation.routes.js';
import { OutcomesQuery } from './routes/reports/reports.routes.js';
import { buildAllocation } from './services/allocation.js';
import { outcomesReport } from './services/outcomes.js';
import { buyListFile, buyListFor, downloadFor } from './services/buylist-request.js';
import { ORDER_PROFILES, type OrderProfile } from './domain/order-profiles.js';
import { runBacktest } from './analysis/backtest.js';
import { backtestCandidates, type CandidateBacktest } from './analysis/backtest-candidates.js';
import { tune } from './analysis/tune.js';
import { runDigests } from './jobs/digest.js';
import { departmentsWithLiaison } from './services/departments.js';
import { buildDigest, renderDigest } from './services/digests.js';
import { purgeRequesters } from './services/purge.js';
import { rescore } from './services/scoring.js';
import { runEnrichment } from './jobs/enrich.js';
import { retryDead, runIlsPush } from './services/ils/outbox.js';
import { ilsSummary } from './services/ils/status.js';
import { runIlsSync } from './services/ils/sync.js';
import { pendingJobs } from './jobs/queue.js';
import { importDepartments } from './services/imports/departments.js';
import { fileSource } from './node/file-source.js';
import { importCatalogue } from './services/imports/catalogue.js';
import { importHoldings } from './services/imports/holdings.js';
import { FLAVOURS, type Flavour } from './services/imports/marc.js';
import { importReadingLists } from './services/imports/reading-lists.js';
import { importSuggestions } from './services/imports/suggestions.js';
import type { ImportSummary, Progress } from './services/imports/import-run.js';
import { importLoans } from './services/imports/loans.js';
import { importIll } from './services/imports/ill.js';
import { ILL_PRESETS } from './domain/ill-request.js';
import { BackupError, type BackupCheck, backupTo, restoreFrom } from './db/backup.js';
import { pendingMigrationTags, shippedMigrations } from './db/migrations.js';
import { migrateSqlite, openSqlite, truncateWal } from './db/sqlite.js';
import { upgradeStored } from './services/upgrade.js';

// The version is package.json's, which sits beside dist/ and src/ alike.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Who a command acts as: the library itself, which reads everything and speaks for no patron or department. */
const LIBRARY: Principal = { role: 'admin', patron: null, departmentCode: null, actor: 'cli' };

const program = new Command()
  .name('r2b')
  .description('recommend-to-buy: patron-driven acquisition for libraries')
  .version(version, '-V, --version', 'print the version of recommend-to-buy')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the service (npm start runs `r2b serve --demo`)')
  .option('--demo', 'load the demo library into an empty database and print its tokens')
  .option('--port <port>', 'HTTP port (overrides PORT)', port)
  .action(async (options: { demo?: boolean; port?: number }) => {
    const env = { ...process.env, ...(options.port === undefined ? {} : { PORT: String(options.port) }) };
    const server = await startServer({ demo: Boolean(options.demo), env });
    const { config } = server.context.deps;
    const lines = [
      `recommend-to-buy is listening on ${server.url}`,
      `  database: ${config.DATABASE_PATH}`,
      `  web pages: ${server.url}/${options.demo ? ' (sign in as any of the demo people)' : ''}`,
      `  API reference: ${server.url}/docs`,
    ];
    if (options.demo) {
      lines.push(server.demoLoaded ? '  demo library loaded.' : '  demo library already present.');
      lines.push('  demo tokens (use as "Authorization: Bearer <token>"):');
      for (const person of readDemoLibrary().people) {
        lines.push(`    ${padColumn(person.role, 8)} ${padColumn(person.displayName, 26)} ${person.token}`);
      }
    }
    console.log(lines.join('\n'));
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply database migrations (the server also does this at start)')
  .option('--check', 'say which migrations would run, and change nothing')
  .action(async (options: { check?: boolean }) => {
    if (!options.check) {
      await withContext(({ deps }) => {
        console.error(`migrations applied to ${deps.config.DATABASE_PATH}`);
      });
      return;
    }
    const { DATABASE_PATH } = parseConfig(process.env);
    if (!existsSync(DATABASE_PATH)) {
      console.log(`${DATABASE_PATH} does not exist yet: all ${shippedMigrations().length} migrations would run.`);
      return;
    }
    const db = openSqlite(DATABASE_PATH);
    try {
      const pending = pendingMigrationTags(db.sqlite);
      console.log(
        pending.length
          ? `${pending.length} migration${pending.length === 1 ? '' : 's'} would run on ${DATABASE_PATH}: ${pending.join(', ')}`
          : `${DATABASE_PATH} is up to date: no migration would run.`,
      );
    } finally {
      db.close();
    }
  });

program
  .command('backup')
  .description('a consistent copy of the database, taken while the service runs, and checked')
  .argument('<file>', 'where to write the copy (it must not exist)')
  .action((file: string) => {
    const { DATABASE_PATH } = parseConfig(process.env);
    if (!existsSync(DATABASE_PATH)) throw new BackupError(`There is no database at ${DATABASE_PATH} to back up.`);
    const db = openSqlite(DATABASE_PATH);
    try {
      console.log(backupSummary(backupTo(db.sqlite, file)));
    } finally {
      db.close();
    }
  });

program
  .command('restore')
  .description(
    'put a backup in place of the database (stop the service first); the database it replaces is kept beside it',
  )
  .argument('<file>', 'a backup made by r2b backup')
  .action((file: string) => {
    const { DATABASE_PATH } = parseConfig(process.env);
    const { replaced, check } = restoreFrom(file, DATABASE_PATH);
    // An older backup is brought up to this code's schema now, not at the next start.
    const db = openSqlite(DATABASE_PATH);
    try {
      migrateSqlite(db);
    } finally {
      db.close();
    }
    console.log(
      [
        `restored ${file} to ${DATABASE_PATH}${replaced ? `; the database it replaced is kept as ${replaced}` : ''}`,
        backupSummary(check),
      ].join('\n'),
    );
  });

function backupSummary(check: BackupCheck): string {
  const rows = Object.entries(check.rows)
    .filter(([table]) => !table.startsWith('__'))
    .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
    .join(', ');
  return `${check.file}: ${(check.bytes / 2 ** 20).toFixed(1)} MiB, integrity ok, ${check.migrations} migrations; rows: ${rows}`;
}

const token = program.command('token').description('API tokens for staff, systems and patrons');
token
  .command('create')
  .description('make a bearer token; prints the token alone on stdout (only its hash is stored)')
  .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
  .option('--patron <id>', "the patron's id in the library's identity system")
  .option('--email <email>', 'where notifications go')
  .option('--name <name>', 'display name')
  .option('--department <code>', "the patron's department, or the department a liaison speaks for")
  .addOption(new Option('--category <category>', 'patron category').choices(PATRON_CATEGORIES))
  .addOption(new Option('--locale <locale>', 'language of messages').choices(LOCALES))
  .option('--label <text>', 'a note to recognise the token by')
  .option('--webhook <url>', "where to POST this patron's status events (signed with WEBHOOK_SECRET)")
  .action(
    async (options: {
      role: (typeof ROLES)[number];
      patron?: string;
      email?: string;
      name?: string;
      department?: string;
      category?: (typeof PATRON_CATEGORIES)[number];
      locale?: string;
      label?: string;
      webhook?: string;
    }) => {
      await withContext(async (context) => {
        const made = await createToken(
          context.deps.db,
          {
            role: options.role,
            label: options.label ?? null,
            departmentCode: speaksForDepartment(options.role) ? (options.department ?? null) : null,
            ...(options.patron
              ? {
                  patron: {
                    externalId: options.patron,
                    email: options.email ?? null,
                    displayName: options.name ?? null,
                    departmentCode: options.department ?? null,
                    ...(options.category ? { category: options.category } : {}),
                    ...(options.locale ? { locale: options.locale } : {}),
                    ...(options.webhook ? { webhookUrl: options.webhook } : {}),
                  },
                }
              : {}),
          },
          context.deps.clock(),
        );
        console.log(made);
      });
    },
  );
token
  .command('list')
  .description('every token: id, role, who it speaks for, department, created, last used, revoked (never the secret)')
  .option('--json', 'as JSON, for scripts')
  .action((options: { json?: boolean }) =>
    withContext(async ({ deps }) => {
      const tokens = await listTokens(deps.db);
      console.log(options.json ? JSON.stringify(tokens, null, 2) : tokenTable(tokens));
    }),
  );
token
  .command('revoke')
  .description('revoke a token: its API calls and the browser sessions it opened end at once')
  .argument('<id>', 'the id `r2b token list` shows', whole)
  .action((id: number) =>
    withContext(async ({ deps }) => {
      const now = deps.clock();
      const revoked = await revokeToken(deps.db, id, now);
      const who = revoked.label ?? revoked.patron?.displayName ?? revoked.patron?.externalId ?? 'no one named';
      console.error(
        revoked.revokedAt!.getTime() === now.getTime()
          ? `revoked token ${id} (${revoked.role}, ${who}); its browser sessions are ended`
          : `token ${id} (${revoked.role}, ${who}) was already revoked on ${day(revoked.revokedAt)}`,
      );
    }),
  );

const day = (at: Date | null) => at?.toISOString().slice(0, 16).replace('T', ' ') ?? '-';

/** The tokens as a table for a terminal, one line each. */
function tokenTable(tokens: TokenListing[]): string {
  const rows = tokens.map((t) => [
    String(t.id),
    t.role,
    t.label ?? t.patron?.displayName ?? '-',
    t.patron?.externalId ?? '-',
    t.departmentCode ?? '-',
    day(t.createdAt),
    day(t.lastUsedAt),
    t.revokedAt ? day(t.revokedAt) : 'active',
  ]);
  const header = ['id', 'role', 'who', 'patron', 'department', 'created (UTC)', 'last used', 'revoked'];
  return table([header, ...rows]);
}

program
  .command('enrich')
  .description('enrich pending titles now (the server also does this every few seconds)')
  .option('--json', 'print the totals as JSON')
  .action(async (options: { json?: boolean }) => {
    await withContext(async (context) => {
      const total = { claimed: 0, enriched: 0, held: 0, proposed: 0, deferred: 0 };
      // Until nothing is due: deferred titles wait for their backoff, so the loop ends.
      for (;;) {
        const report = await runEnrichment(context.deps);
        for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += report[key];
        if (report.claimed === 0) break;
      }
      const left = await pendingJobs(context.deps.db, 'enrich');
      if (options.json) console.log(JSON.stringify({ ...total, waiting: left }));
      else {
        console.log(
          `enriched ${total.enriched} titles (${total.held} already held, ${total.proposed} with a proposed ISBN); ` +
            `${total.deferred} to try again when a provider answers; ${left} waiting`,
        );
      }
    });
  });

const ils = program
  .command('ils')
  .description("the library's ILS (ILS, ILS_URL): send approved titles, read back, see where they are");
ils
  .command('push')
  .description('send the approved titles that are due now (the server does this on ILS_PUSH_CRON)')
  .option('--retry-dead', 'first give the titles given up on another try')
  .option('--json', 'print the totals as JSON')
  .action(async (options: { retryDead?: boolean; json?: boolean }) => {
    await withContext(async ({ deps }) => {
      requireIls(deps);
      const retried = options.retryDead ? await retryDead(deps) : 0;
      const report = await runIlsPush(deps);
      if (options.json) console.log(JSON.stringify({ retried, ...report }));
      else
        console.log(
          `${deps.config.ILS}: sent ${report.sent}, ${report.retrying} to try again, ${report.dead} given up on` +
            (retried ? ` (${retried} retried)` : ''),
        );
      if (report.dead) process.exitCode = 1;
    });
  });
ils
  .command('sync')
  .description("read back the ILS's statuses now and move titles along (the server does this on ILS_SYNC_CRON)")
  .option('--json', 'print the totals as JSON')
  .action(async (options: { json?: boolean }) => {
    await withContext(async ({ deps }) => {
      requireIls(deps);
      const report = await runIlsSync(deps);
      if (options.json) console.log(JSON.stringify(report));
      else
        console.log(
          `${deps.config.ILS}: read ${report.read} titles, moved ${report.moved}, placed ${report.holds} holds` +
            (report.failed ? `; ${report.failed} could not be read` : ''),
        );
      if (report.failed) process.exitCode = 1;
    });
  });
ils
  .command('status')
  .description('how many titles wait, went, or were given up on, and why')
  .option('--json', 'print it as JSON')
  .action(async (options: { json?: boolean }) => {
    await withContext(async ({ deps }) => {
      const summary = await ilsSummary(deps);
      if (options.json) return console.log(JSON.stringify(summary));
      console.log(`ILS: ${summary.ils}`);
      console.log(`waiting ${summary.pending}, sent ${summary.sent}, given up on ${summary.dead}`);
      console.log(`last read back: ${summary.lastSyncedAt?.toISOString() ?? 'never'}`);
      for (const f of summary.failures)
        console.log(`  title ${f.titleId} ${f.title ?? ''} (${f.attempts} tries): ${f.lastError ?? ''}`);
      if (summary.recent.length) console.log('sent lately:');
      for (const r of summary.recent)
        console.log(
          `  title ${r.titleId} ${r.title ?? ''}: ${r.ilsNumber ?? r.ilsId ?? ''}` +
            (r.recordId ? `, record ${r.recordId}` : '') +
            (r.ilsStatus ? ` (${r.ilsStatus})` : ''),
        );
    });
  });

program
  .command('score')
  .description('rescore every open title (imports and requests rescore what they change by themselves)')
  .action(async () => {
    await withContext(async (context) => {
      const started = performance.now();
      const scored = await rescore(context.deps, { all: true });
      console.error(
        `scored ${scored.toLocaleString('en-US')} open titles in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    });
  });

program
  .command('buylist')
  .description('the ranked buy list with the budget cut line (stdout, or --out FILE)')
  .option('--department <code>', "a department's list, against its budget")
  .option('--fund <code>', "a fund's list, against the budgets of the departments that draw on it")
  .option('--status <status>', 'only titles in this status, e.g. approved (default: those awaiting a decision)')
  .option('--budget <amount>', "in the library's currency (overrides the department's or fund's)", Number)
  .option('--limit <n>', 'titles at most', whole, 100)
  .addOption(
    new Option('--format <format>', 'output (folio-json: a FOLIO composite purchase order)')
      .choices(['csv', 'json', 'marc', 'folio-json'])
      .default('csv'),
  )
  .addOption(
    new Option('--profile <ils>', "with --format marc: the ILS's order loader (default ORDER_PROFILE)").choices(
      ORDER_PROFILES,
    ),
  )
  .addOption(
    new Option('--sheet <sheet>', 'with --format csv: the review sheet or the order sheet')
      .choices(['review', 'order'])
      .default('review'),
  )
  .addOption(new Option('--locale <locale>', 'language of the reasons').choices(LOCALES).default('en'))
  .option('--out <file>', 'write to a file instead of stdout')
  .action(
    async (options: {
      department?: string;
      fund?: string;
      status?: string;
      budget?: number;
      limit: number;
      format: 'csv' | 'json' | 'marc' | 'folio-json';
      profile?: OrderProfile;
      sheet: 'review' | 'order';
      locale: Locale;
      out?: string;
    }) => {
      if (options.profile && options.format !== 'marc') throw new Error('--profile goes with --format marc');
      await withContext(async (context) => {
        // The command is the library's own: it reads as an admin, every requester's reason included.
        const answer = await buyListFor(context.deps, LIBRARY, {
          department: options.department,
          fund: options.fund,
          status: options.status,
          budget: options.budget,
          limit: options.limit,
          locale: options.locale,
        });
        const { list } = answer;
        const output =
          options.format === 'json'
            ? Buffer.from(`${JSON.stringify(list, null, 2)}\n`, 'utf8')
            : Buffer.from(
                (await buyListFile(context.deps, answer, downloadFor({ ...options, format: options.format }))).body,
              );
        if (options.out) {
          writeFileSync(options.out, output);
          const within = list.cutLine === null ? '' : `, ${list.cutLine} within the budget`;
          console.error(`wrote ${list.items.length} titles${within} to ${options.out}`);
        } else process.stdout.write(output);
      });
    },
  );

program
  .command('allocation')
  .description('how a total budget could split across departments, from their loans, books, budgets and spend')
  .option('--total <amount>', "the budget to split, in the library's currency (default: the departments' budgets now)")
  .option('--window <months>', 'months of loans and purchases to look at (default ALLOCATION_WINDOW_MONTHS)')
  .option('--as-of <month>', "the window's last month, YYYY-MM (default: the last complete month)")
  .addOption(new Option('--locale <locale>', 'language of the reasons').choices(LOCALES).default('en'))
  .option('--json', 'print the allocation as JSON, each department with its reason')
  .action(async (options: { total?: string; window?: string; asOf?: string; locale: Locale; json?: boolean }) => {
    // The API's rules for the three, so "0x10" is refused here as it is there.
    const query = AllocationQuery.safeParse({ total: options.total, window: options.window, asOf: options.asOf });
    if (!query.success) {
      const names: Record<string, string> = { total: '--total', window: '--window', asOf: '--as-of' };
      throw new Error(
        query.error.issues.map((i) => `${names[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    await withContext(async (context) => {
      const report = await buildAllocation(context.deps, {
        total: query.data.total,
        windowMonths: query.data.window,
        asOf: query.data.asOf,
        locale: options.locale,
      });
      console.log(options.json ? JSON.stringify(report, null, 2) : allocationText(report));
    });
  });

const report = program.command('report').description("the library's reports");
report
  .command('outcomes')
  .description(
    'how the requests of a period turned out: turnaround, fill rate, use after purchase, cost per loan, by department',
  )
  .option('--from <date>', 'requests made from this day on, YYYY-MM-DD (default: all)')
  .option('--to <date>', 'requests made before this day, YYYY-MM-DD (default: now)')
  .option('--department <code>', "only the requests of this department's members")
  .option('--json', 'print the report as JSON, as GET /api/v1/reports/outcomes answers it')
  .action(async (options: { from?: string; to?: string; department?: string; json?: boolean }) => {
    // The API's rules, so a day the API refuses is refused here in the same words.
    const query = OutcomesQuery.safeParse({ from: options.from, to: options.to, department: options.department });
    if (!query.success) {
      throw new Error(query.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
    }
    await withContext(async (context) => {
      const outcomes = await outcomesReport(context.deps, query.data);
      console.log(options.json ? JSON.stringify(outcomes, null, 2) : outcomesText(outcomes, context.deps.workflow));
    });
  });

program
  .command('backtest')
  .description(
    'rank titles as of a date and measure the ranking against their later loans: the titles requested and bought before it, or --candidates, a CSV of titles acquired from it',
  )
  .requiredOption('--as-of <date>', 'the date to rank at (YYYY-MM-DD): only what was known before it counts', isoDate)
  .option(
    '--candidates <file>',
    'titles acquired on or after the date: title,author,call_number,published (+ isbn, requesters, course, enrolment)',
  )
  .option('--until <date>', 'the end of the truth window (default: the day after the last loan)', isoDate)
  .option('--k <n>', 'the top k the precision and NDCG look at', whole, 20)
  .option('--resamples <n>', 'bootstrap resamples for the intervals', whole, 1000)
  .option('--json', 'print the report as JSON')
  .action(
    async (options: {
      asOf: Date;
      candidates?: string;
      until?: Date;
      k: number;
      resamples: number;
      json?: boolean;
    }) => {
      await withContext(async (context) => {
        const asOf = new Date(options.asOf.toISOString().slice(0, 10));
        if (options.candidates) {
          const report = await backtestCandidates(context.deps, fileSource(options.candidates), {
            asOf,
            ...(options.until ? { until: options.until } : {}),
            k: options.k,
            resamples: options.resamples,
          });
          console.log(options.json ? JSON.stringify(report) : candidateReportText(report, options.k));
          return;
        }
        const report = await runBacktest(context.deps, asOf, options.k);
        if (options.json) {
          console.log(JSON.stringify(report));
          return;
        }
        const row = (name: string, q: { precision: number; ndcg: number; spearman: number }) => [
          name,
          q.precision.toFixed(2),
          q.ndcg.toFixed(2),
          q.spearman.toFixed(2),
        ];
        console.log(
          [
            `${report.titles} titles requested and bought before ${report.asOf}; ${report.loansAfter.toLocaleString('en-US')} loans of them since`,
            indent(
              table([
                ['ranking', `P@${report.k}`, `NDCG@${report.k}`, 'Spearman'],
                row('demand score', report.rankings.score),
                row('order of request', report.rankings.requestOrder),
                row('requester count', report.rankings.requesterCount),
              ]),
            ),
          ].join('\n'),
        );
      });
    },
  );

/** The candidates backtest as a librarian reads it: each ranking's measures with their intervals. */
function candidateReportText(report: CandidateBacktest, k: number): string {
  const covered = Object.entries(report.coverage)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const lines = [
    `${report.candidates} candidate titles ranked as of ${report.asOf}${report.rejections.length ? ` (${report.rejections.length} lines refused; first: line ${report.rejections[0]!.line}, ${report.rejections[0]!.reason})` : ''}`,
    `  evidence found for: ${covered}`,
  ];
  if (!report.metrics) {
    lines.push('  no loans after the date in the database: the ranking cannot be measured yet (--json prints it)');
    return lines.join('\n');
  }
  lines.push(
    `  truth: ${report.truthLoans} loans from 30 days after ${report.asOf} to ${report.until}; ${report.used} of the ${report.candidates} titles used`,
  );
  const cell = (i: { value: number; low: number; high: number }) =>
    `${i.value.toFixed(2)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]`;
  lines.push(
    indent(
      table([
        ['ranking', 'Spearman', `P@${k}`, `NDCG@${k}`, "Spearman minus the score's"],
        ...report.metrics.map((m) => [
          m.name,
          cell(m.metrics.spearman),
          cell(m.metrics.precision),
          cell(m.metrics.ndcg),
          m.versusReference ? cell(m.versusReference.spearman) : '',
        ]),
      ]),
    ),
    '  [low, high]: 95% bootstrap interval. A baseline whose difference interval holds 0 is not beaten by the score here.',
  );
  return lines.join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

program
  .command('tune')
  .description(
    "propose the score's weights from this library's history: fitted on earlier periods, kept only where they do better on later ones",
  )
  .requiredOption(
    '--period <date=file>',
    'an as-of date and its candidates file, as r2b backtest --candidates takes them (give two or more)',
    (value: string, all: string[] = []) => [...all, value],
  )
  .option('--metric <name>', 'what the fit maximises: spearman, precision or ndcg', 'spearman')
  .option('--out <file>', 'write the proposed scoring settings there, for SCORING_FILE')
  .option('--json', 'print the report as JSON')
  .action(async (options: { period: string[]; metric: string; out?: string; json?: boolean }) => {
    if (!['spearman', 'precision', 'ndcg'].includes(options.metric)) {
      throw new InvalidArgumentError(`--metric ${options.metric}: use spearman, precision or ndcg`);
    }
    const periods = options.period.map((pair) => {
      const at = pair.indexOf('=');
      const date = isoDate(pair.slice(0, Math.max(at, 0)));
      if (at < 0) throw new InvalidArgumentError(`--period ${pair}: write DATE=FILE`);
      return { asOf: new Date(date.toISOString().slice(0, 10)), source: fileSource(pair.slice(at + 1)) };
    });
    await withContext(async (context) => {
      const report = await tune(context.deps, { periods, metric: options.metric as 'spearman' });
      if (options.out) writeFileSync(options.out, `${JSON.stringify(report.scoring, null, 2)}\n`);
      if (options.json) {
        console.log(JSON.stringify(report));
        return;
      }
      const lines = [
        `${report.periods.length} periods: ${report.periods.map((p) => `${p.asOf} (${p.candidates} titles, ${p.used} used)`).join(', ')}`,
        `held-out ${report.metric}, each period scored with the weights fitted on the periods before it:`,
        indent(
          table([
            ['test period', 'fitted on', 'defaults', 'fitted'],
            ...report.folds.map((f) => [f.test, f.train.join(' '), f.defaults.toFixed(3), f.tuned.toFixed(3)]),
          ]),
        ),
        'weights (moved only where the move did better on the held-out periods, on average and in at least half):',
        indent(
          table([
            ['component', 'default', 'fitted on all', 'held-out gain per period', 'proposed'],
            ...report.verdicts.map((v) => [
              v.component,
              String(v.default),
              String(v.fitted),
              v.gains.map((g) => (g >= 0 ? `+${g.toFixed(3)}` : g.toFixed(3))).join(' '),
              String(report.proposed[v.component]),
            ]),
          ]),
        ),
      ];
      if (report.unmeasured.length) {
        lines.push(`  not measured (no variation in these periods): ${report.unmeasured.join(', ')}`);
      }
      if (options.out) lines.push(`wrote ${options.out}: set SCORING_FILE=${options.out} to use it`);
      console.log(lines.join('\n'));
    });
  });

program
  .command('digest')
  .description("queue the departments' digests now (the server sends them on DIGEST_CRON); --dry-run prints them")
  .option('--department <code>', 'one department')
  .option('--dry-run', 'print the digests as they would be sent, and send nothing')
  .action(async (options: { department?: string; dryRun?: boolean }) => {
    await withContext(async (context) => {
      const { deps } = context;
      if (options.dryRun) {
        const codes = options.department
          ? [options.department]
          : (await departmentsWithLiaison(deps.db)).map((d) => d.code);
        for (const code of codes) {
          const digest = await buildDigest(deps, code, deps.clock());
          console.log(
            `To: ${digest.department.liaisonEmail ?? '(no liaison)'}${digest.quiet ? '  [quiet: would not be sent]' : ''}`,
          );
          console.log(renderDigest(deps, digest).text);
          console.log('');
        }
        return;
      }
      const report = await runDigests(deps, options.department ? { department: options.department } : {});
      console.error(`queued ${report.queued} digests; ${report.quiet} departments had nothing new`);
    });
  });

program
  .command('purge')
  .description("forget requesters' details for titles closed longer than DAYS, keeping anonymous counts")
  .requiredOption('--older-than <days>', 'days since the title was closed', whole)
  .option('--json', 'print the counts as JSON')
  .action(async (options: { olderThan: number; json?: boolean }) => {
    await withContext(async (context) => {
      const report = await purgeRequesters(context.deps, options.olderThan);
      // The pages as they were before the purge are still in the write-ahead log: write the log
      // into the database and empty it, so no copy of the files holds what was forgotten.
      truncateWal(context.db);
      console.log(
        options.json
          ? JSON.stringify(report)
          : [
              `forgot the requesters of ${report.requests} requests on ${report.titles} titles closed more than ${options.olderThan} days ago; deleted ${report.patronsDeleted} patrons left with nothing`,
              report.messagesDropped
                ? `dropped ${report.messagesDropped} messages still waiting to be sent to them (sending one would need what was forgotten)`
                : null,
            ]
              .filter(Boolean)
              .join('\n'),
      );
    });
  });

const ENCODING_HELP =
  'text encoding (utf-8, gb18030, big5, windows-1252, utf-16le, ...); recognised from the bytes otherwise';
const DELIMITER_HELP = 'field separator: comma, semicolon, tab or pipe; recognised from the header otherwise';

/** The options every import takes: a CSV's encoding and delimiter (for a file that may be another format, `of a CSV`), and --json. */
function fileImport(command: Command, csv: 'of a CSV' | 'always' = 'always'): Command {
  const its = (help: string) => (csv === 'always' ? help : `a CSV's ${help}`);
  return command
    .option('--encoding <name>', its(ENCODING_HELP))
    .option('--delimiter <name>', its(DELIMITER_HELP))
    .option('--json', 'print the summary as JSON');
}

/** The --encoding and --delimiter a CSV import was given, as its importer takes them. */
function csvChoices(options: { encoding?: string; delimiter?: string }) {
  return {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  };
}

type MarcFileFormat = 'iso2709' | 'marcxml' | 'csv';

/** A file that may be MARC or CSV: --format and --flavour, each recognised when not given. */
function marcOrCsvImport(command: Command): Command {
  return fileImport(
    command
      .addOption(
        new Option('--format <format>', 'the file format (recognised from its first bytes otherwise)').choices([
          'iso2709',
          'marcxml',
          'csv',
        ]),
      )
      .addOption(
        new Option(
          '--flavour <flavour>',
          'MARC21, or UNIMARC (CNMARC is UNIMARC); recognised from the records otherwise (a title in 200 and none in 245 is UNIMARC)',
        ).choices(FLAVOURS),
      ),
    'of a CSV',
  );
}

/** The --format, --flavour, --encoding and --delimiter a MARC-or-CSV import was given. */
function marcOrCsvChoices(options: {
  format?: MarcFileFormat;
  flavour?: Flavour;
  encoding?: string;
  delimiter?: string;
}) {
  return {
    ...(options.format ? { format: options.format } : {}),
    ...(options.flavour ? { flavour: options.flavour } : {}),
    ...csvChoices(options),
  };
}

const imports = program
  .command('import')
  .description(
    "bring in the library's data: loans, holdings, departments, suggestions, reading lists, vendor catalogues",
  );

fileImport(
  imports
    .command('loans')
    .description('import a loan export (CSV); borrower identifiers in it are never stored')
    .argument('<file>', 'the CSV file')
    .addOption(new Option('--preset <ils>', 'the export layout').choices(Object.keys(LOAN_PRESETS)).default('generic'))
    .option('--map <field=column>', 'read a field from another column (repeatable)', collect, [] as string[])
    .option(
      '--loan-type <value>',
      "a value of the type column that means a new loan (repeatable; Koha's statistics: issue); other rows are passed over",
      collect,
      [] as string[],
    )
    .addOption(new Option('--dates <order>', 'how to read slashed dates such as 1/2/2017').choices(['mdy', 'dmy']))
    .option(
      '--source <name>',
      'the system the loan ids come from (default: the preset name); ids of two sources never match',
    ),
).action(
  async (
    file: string,
    options: {
      preset: string;
      map: string[];
      loanType: string[];
      dates?: 'mdy' | 'dmy';
      source?: string;
      encoding?: string;
      delimiter?: string;
      json?: boolean;
    },
  ) => {
    await runImport(options.json, (deps, onProgress) =>
      importLoans(deps, fileSource(file), {
        preset: options.preset,
        map: options.map,
        loanTypes: options.loanType,
        dateOrder: options.dates,
        ...(options.source === undefined ? {} : { source: options.source }),
        ...csvChoices(options),
        onProgress,
      }),
    );
  },
);

marcOrCsvImport(
  imports
    .command('holdings')
    .description(
      'import holdings: MARC21 or UNIMARC/CNMARC, as ISO 2709 (.mrc) or MARCXML (.xml), or CSV (isbn,call_number,items)',
    )
    .argument('<file>', 'the file'),
).action(
  async (
    file: string,
    options: { format?: MarcFileFormat; flavour?: Flavour; encoding?: string; delimiter?: string; json?: boolean },
  ) => {
    await runImport(options.json, (deps, onProgress) =>
      importHoldings(deps, fileSource(file), { ...marcOrCsvChoices(options), onProgress }),
    );
  },
);

marcOrCsvImport(
  imports
    .command('catalogue')
    .description(
      "import a vendor's new-title list (征订目录) for patrons to browse and suggest from: MARC21 or UNIMARC/CNMARC (ISO 2709 or MARCXML), or CSV (ISBN,题名,责任者,出版社,出版年,定价,中图分类号 or isbn,title,author,publisher,year,price,class)",
    )
    .argument('<file>', 'the file')
    .requiredOption(
      '--name <name>',
      'the catalogue, as the vendor calls the list; a later file of the same name and vendor updates it',
    )
    .requiredOption('--vendor <vendor>', 'who sent it')
    .option('--issued <YYYY-MM-DD>', 'the day it was issued (default: today)')
    .option('--expires <YYYY-MM-DD>', 'the last day patrons are offered it (default: never)')
    .option('--currency <code>', 'the currency of prices written as bare numbers (CNY for a Chinese vendor’s 定价)'),
).action(
  async (
    file: string,
    options: {
      name: string;
      vendor: string;
      issued?: string;
      expires?: string;
      currency?: string;
      format?: MarcFileFormat;
      flavour?: Flavour;
      encoding?: string;
      delimiter?: string;
      json?: boolean;
    },
  ) => {
    await runImport(options.json, (deps, onProgress) =>
      importCatalogue(deps, fileSource(file), {
        catalogue: {
          name: options.name,
          vendor: options.vendor,
          issued: options.issued ?? deps.clock().toISOString().slice(0, 10),
          ...(options.expires ? { expires: options.expires } : {}),
        },
        ...(options.currency ? { currency: options.currency } : {}),
        ...marcOrCsvChoices(options),
        onProgress,
      }),
    );
  },
);

fileImport(
  imports
    .command('suggestions')
    .description(
      'bring in suggestion history (CSV: requested_at,patron_id,patron_category,department,isbn,title,author,format,reason,status,decided_at)',
    )
    .argument('<file>', 'the CSV file'),
).action(async (file: string, options: { encoding?: string; delimiter?: string; json?: boolean }) => {
  await runImport(options.json, (deps) => importSuggestions(deps, fileSource(file), csvChoices(options)));
});

fileImport(
  imports
    .command('readinglists')
    .description(
      "import courses' reading lists (CSV): each listed book becomes demand, with its course, term, students and importance",
    )
    .argument('<file>', 'the CSV file')
    .addOption(
      new Option('--preset <system>', 'the export layout')
        .choices(Object.keys(READING_LIST_PRESETS))
        .default('generic'),
    )
    .option('--map <field=column>', 'read a field from another column (repeatable)', collect, [] as string[]),
).action(
  async (
    file: string,
    options: { preset: string; map: string[]; encoding?: string; delimiter?: string; json?: boolean },
  ) => {
    await runImport(options.json, (deps) =>
      importReadingLists(deps, fileSource(file), {
        preset: options.preset,
        map: options.map,
        ...csvChoices(options),
      }),
    );
  },
);

fileImport(
  imports
    .command('departments')
    .description('set up departments: CSV code,name,liaison_email,locale,fund,budget,disciplines (;-separated)')
    .argument('<file>', 'the CSV file'),
).action(async (file: string, options: { encoding?: string; delimiter?: string; json?: boolean }) => {
  await runImport(options.json, (deps) => importDepartments(deps, fileSource(file), csvChoices(options)));
});

fileImport(
  imports
    .command('ill')
    .description(
      'import the books borrowed from other libraries for patrons here: an ILLiad, Tipasa or ReShare export (CSV); never who asked',
    )
    .argument('<file>', 'the CSV file')
    .addOption(
      new Option('--preset <system>', 'the export layout').choices(Object.keys(ILL_PRESETS)).default('generic'),
    )
    .option('--map <field=column>', 'read a field from another column (repeatable)', collect, [] as string[])
    .addOption(new Option('--dates <order>', 'how to read slashed dates such as 1/2/2017').choices(['mdy', 'dmy']))
    .option('--source <name>', 'the system the request ids come from (default: the preset name)'),
).action(
  async (
    file: string,
    options: {
      preset: string;
      map: string[];
      dates?: 'mdy' | 'dmy';
      source?: string;
      encoding?: string;
      delimiter?: string;
      json?: boolean;
    },
  ) => {
    await runImport(options.json, (deps) =>
      importIll(deps, fileSource(file), {
        preset: options.preset,
        map: options.map,
        ...(options.dates ? { dateOrder: options.dates } : {}),
        ...(options.source === undefined ? {} : { source: options.source }),
        ...csvChoices(options),
      }),
    );
  },
);

const generate = program
  .command('generate')
  .description('a realistic synthetic library, for demos and benchmarks (same seed, same files)');

const generateOptions = (command: Command) =>
  command
    .requiredOption('--out <file>', 'where to write the CSV')
    .option('--seed <n>', 'the seed: the same seed and sizes give the same file', whole, 1)
    .option('--titles <n>', 'titles in the catalogue the loans are drawn from', whole, 50_000)
    .option('--years <n>', 'years of history, ending at --end', whole, 3)
    .option('--end <date>', 'the last day of the history (YYYY-MM-DD; default today)', isoDate)
    .option('--departments <file>', 'departments CSV whose disciplines shape borrowing', DEMO_DEPARTMENTS)
    .option(
      '--acquisitions <n>',
      'titles bought in the year before --as-of, each requested first (for r2b backtest)',
      whole,
      0,
    )
    .option('--as-of <date>', 'the date the backtest ranks at (YYYY-MM-DD)', isoDate);

interface GenerateFlags {
  out: string;
  acquisitions: number;
  asOf?: Date;
  seed: number;
  titles: number;
  years: number;
  end?: Date;
  departments: string;
  rows?: number;
}

async function generateWith(flags: GenerateFlags, rows: number) {
  if (flags.acquisitions > 0 && !flags.asOf) throw new InvalidArgumentError('--acquisitions needs --as-of');
  return {
    seed: flags.seed,
    acquisitions: flags.acquisitions > 0 ? { count: flags.acquisitions, asOf: flags.asOf! } : undefined,
    rows,
    titles: flags.titles,
    years: flags.years,
    end: flags.end ?? systemClock(),
    departments: await readDepartmentDisciplines(flags.departments),
    classification: loadClassificationData(),
  };
}

generateOptions(
  generate
    .command('loans')
    .description('a loan history in the generic preset layout, with borrower columns as real exports have'),
)
  .requiredOption('--rows <n>', 'loans to write', whole)
  .action(async (flags: GenerateFlags & { rows: number }) => {
    const started = performance.now();
    const total = flags.rows;
    const show = progressLine('generating');
    const written = await writeLoanHistory(flags.out, {
      ...(await generateWith(flags, flags.rows)),
      onProgress: (n) => show?.({ records: n, bytes: n, totalBytes: total }),
    });
    console.error(
      `wrote ${written.toLocaleString('en-US')} loans to ${flags.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });

generateOptions(
  generate
    .command('holdings')
    .description('the holdings of the same catalogue (give the same --seed, --titles and --departments)'),
).action(async (flags: GenerateFlags) => {
  const written = await writeHoldings(flags.out, await generateWith(flags, 0));
  console.error(`wrote ${written.toLocaleString('en-US')} holdings to ${flags.out}`);
});

generateOptions(
  generate
    .command('suggestions')
    .description(
      'the requests behind the titles bought before --as-of (same --seed, sizes and --acquisitions as the loans)',
    ),
).action(async (flags: GenerateFlags) => {
  if (!flags.acquisitions) throw new InvalidArgumentError('give --acquisitions N and --as-of DATE');
  const written = await writeRequests(flags.out, await generateWith(flags, 0));
  console.error(`wrote ${written.toLocaleString('en-US')} requests to ${flags.out}`);
});

async function runImport(
  json: boolean | undefined,
  work: (deps: Deps, onProgress: ((p: Progress) => void) | undefined) => Promise<ImportSummary>,
): Promise<void> {
  await withContext(async (context) => {
    const summary = await work(context.deps, json ? undefined : progressLine('importing'));
    console.log(json ? summaryJson(summary) : summaryText(summary));
    if (summary.failed) process.exitCode = 1;
  });
}

/**
 * One command's use of the database, closed however the command ends. What goes wrong (a
 * department that does not exist, a file that cannot be imported) reaches the handler at the
 * bottom, which says it in one line.
 */
async function withContext(work: (context: NodeContext) => Promise<void> | void): Promise<void> {
  const context = openNodeContext();
  try {
    await upgradeStored(context.deps);
    await work(context);
  } finally {
    context.close();
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function whole(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number');
  return n;
}

/** The ILS commands have nothing to do without an ILS: say what to set rather than do nothing. */
function requireIls(deps: Deps): void {
  if (deps.config.ILS === 'none')
    throw new ConfigError('No ILS is set: set ILS, ILS_URL and its credentials (docs/ils.md).');
}

function isoDate(value: string): Date {
  const date = new Date(`${value}T23:59:59Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('a date as YYYY-MM-DD');
  return date;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number 0-65535');
  return n;
}

// Settings that do not parse exit with 2; anything else a command refuses (an ApiError, an
// ImportError) exits with 1 and its message, which is written for the person at the terminal.
program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`r2b: ${(error as Error).message}`);
  process.exit(1);
});
