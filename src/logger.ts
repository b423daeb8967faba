// One line of JSON per event on stderr: what log shippers (journald, Loki, CloudWatch) read
// without a parser of their own. Workers' console goes to `wrangler tail` the same way.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// What must never reach a log, whatever a message quotes (a mail server's "550 <ana@…>: no
// such user", a token pasted into a field): addresses and our bearer tokens are masked.
const ADDRESS = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[a-z]{2,}/gi;
const TOKEN = /r2b_[A-Za-z0-9_-]{20,}/g;

function masked(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(ADDRESS, '[address]').replace(TOKEN, '[token]');
  return value;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => console.error(line)): Logger {
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const safe = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, masked(v)]));
      write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: masked(msg), ...safe }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
