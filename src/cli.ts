#!/usr/bin/env node
// The `r2b` command. Output meant for scripts (a token, JSON) goes to stdout alone; what a
// person reads (progress, notes) goes to stderr.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from './config.js';
import { PATRON_CATEGORIES, ROLES } from './db/schema.js';
import { LOCALES } from './domain/locale.js';
import { openNodeContext, startServer } from './node.js';
import { readDemoLibrary } from './services/demo.js';
import { createToken } from './services/tokens.js';

const program = new Command()
  .name('r2b')
  .description('recommend-to-buy: patron-driven acquisition for libraries')
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
      `  API reference: ${server.url}/docs`,
    ];
    if (options.demo) {
      lines.push(server.demoLoaded ? '  demo library loaded.' : '  demo library already present.');
      lines.push('  demo tokens (use as "Authorization: Bearer <token>"):');
      for (const person of readDemoLibrary().people) {
        lines.push(`    ${person.role.padEnd(8)} ${person.displayName.padEnd(26)} ${person.token}`);
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
  .action(() => {
    const context = openNodeContext();
    console.error(`migrations applied to ${context.deps.config.DATABASE_PATH}`);
    context.close();
  });

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
    }) => {
      const context = openNodeContext();
      try {
        const made = await createToken(
          context.deps.db,
          {
            role: options.role,
            label: options.label ?? null,
            departmentCode: options.role === 'liaison' ? (options.department ?? null) : null,
            ...(options.patron
              ? {
                  patron: {
                    externalId: options.patron,
                    email: options.email ?? null,
                    displayName: options.name ?? null,
                    departmentCode: options.department ?? null,
                    ...(options.category ? { category: options.category } : {}),
                    ...(options.locale ? { locale: options.locale } : {}),
                  },
                }
              : {}),
          },
          new Date(),
        );
        console.log(made);
      } finally {
        context.close();
      }
    },
  );

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number 0-65535');
  return n;
}

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`r2b: ${(error as Error).message}`);
  process.exit(1);
});
