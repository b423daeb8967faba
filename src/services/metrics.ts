// GET /metrics on Node: the Prometheus text format, from prom-client. Requests and job runs are
// counted as they happen; everything else (the outbox, the queue, the imports, the providers'
// breakers, the database file) is read when Prometheus scrapes, so a restart loses nothing but
// the request counters, which Prometheus's rate() expects to reset. Labels are kinds the service
// defines (routes as patterns, statuses, channels, job and message kinds): no patron, title or
// address ever becomes a label.
import { statSync } from 'node:fs';
import client from 'prom-client';
import type { Deps, Metrics } from '../context.js';
import type { SqliteDb } from '../db/sqlite.js';
import { operationalFigures } from './operations.js';

export function nodeMetrics(database: { sqlite: SqliteDb['sqlite']; path: string }): Metrics {
  const registry = new client.Registry();
  const requests = new client.Counter({
    name: 'r2b_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'r2b_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new client.Counter({
    name: 'r2b_job_runs_total',
    help: 'Scheduled job runs, by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new client.Histogram({
    name: 'r2b_job_duration_seconds',
    help: 'Time a scheduled job run took',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers: [registry],
  });
  const jobLastSuccess = new client.Gauge({
    name: 'r2b_job_last_success_timestamp_seconds',
    help: 'When each scheduled job last ran without an error (Unix time)',
    labelNames: ['job'] as const,
    registers: [registry],
  });

  // The figures read at scrape time, each set afresh so a vanished label does not linger.
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new client.Gauge<L>({ name, help, labelNames, registers: [registry] });
  const suggestions = gauge('r2b_suggestions', 'Suggestions stored, by channel', ['channel']);
  const decisions = gauge('r2b_decisions', 'Status changes made by staff or the system, by the status moved to', [
    'status',
  ]);
  const messages = gauge('r2b_messages', 'Messages in the outbox, by kind and state', ['kind', 'state']);
  const outbox = gauge('r2b_outbox_messages', 'The outbox by state: pending, sending (claimed now), dead', ['state']);
  const oldestPending = gauge(
    'r2b_outbox_oldest_pending_age_seconds',
    'How long the oldest message waiting to be sent has waited (0 when none waits)',
  );
  const jobs = gauge('r2b_jobs', 'Queued jobs, by kind and state', ['kind', 'state']);
  const jobLag = gauge('r2b_job_queue_lag_seconds', 'How long the oldest due job of each kind has waited', ['kind']);
  const importRuns = gauge('r2b_import_runs', 'Import runs, by kind and state', ['kind', 'state']);
  const importRows = gauge('r2b_import_rows', 'Rows of import runs, by kind and outcome', ['kind', 'outcome']);
  const ilsTitles = gauge(
    'r2b_ils_titles',
    "Approved titles on their way to the library's ILS, by state: pending, sent, dead (given up on)",
    ['state'],
  );
  const providerCalls = gauge('r2b_enrichment_provider_calls', 'Requests made of each metadata provider since start', [
    'provider',
  ]);
  const providerFailures = gauge(
    'r2b_enrichment_provider_failures',
    'Failed requests to each metadata provider since start',
    ['provider'],
  );
  const breakerOpen = gauge(
    'r2b_enrichment_provider_breaker_state',
    "Each provider's circuit breaker: 0 closed, 1 half-open (probing), 2 open (not asked)",
    ['provider'],
  );
  const pages = gauge('r2b_sqlite_pages', 'Pages in the database file, and free ones among them', ['kind']);
  const pageSize = gauge('r2b_sqlite_page_size_bytes', 'The size of a database page');
  const walBytes = gauge('r2b_sqlite_wal_bytes', 'The size of the write-ahead log');
  // The process itself, in a few figures (prom-client's default set names a gauge *_total,
  // which promtool's lint refuses).
  const memory = gauge('r2b_process_resident_memory_bytes', 'Resident memory of the service process');
  const heap = gauge('r2b_process_heap_used_bytes', 'JavaScript heap in use');
  const started = gauge('r2b_process_start_time_seconds', 'When the process started (Unix time)');
  started.set(Math.round(Date.now() / 1000 - process.uptime()));

  const BREAKER = { closed: 0, 'half-open': 1, open: 2 } as const;

  return {
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    observeJob(name, seconds, ok) {
      jobRuns.inc({ job: name, outcome: ok ? 'ok' : 'failed' });
      jobSeconds.observe({ job: name }, seconds);
      if (ok) jobLastSuccess.set({ job: name }, Date.now() / 1000);
    },
    async render(deps: Deps) {
      const figures = await operationalFigures(deps);
      for (const g of [suggestions, decisions, messages, outbox, jobs, jobLag, importRuns, importRows, ilsTitles])
        g.reset();
      for (const r of figures.ils) ilsTitles.set({ state: r.status }, r.n);
      for (const r of figures.suggestions) suggestions.set({ channel: r.channel }, r.n);
      for (const r of figures.decisions) decisions.set({ status: r.status }, r.n);
      for (const r of figures.messages) messages.set({ kind: r.kind, state: r.status }, r.n);
      for (const state of ['pending', 'sending', 'dead'] as const) outbox.set({ state }, figures.outbox[state]);
      oldestPending.set(figures.outbox.oldestPendingSeconds ?? 0);
      for (const r of figures.jobs) jobs.set({ kind: r.kind, state: r.status }, r.n);
      for (const r of figures.jobLag) jobLag.set({ kind: r.kind }, r.seconds);
      for (const r of figures.imports) {
        importRuns.inc({ kind: r.kind, state: r.status }, r.runs);
        for (const outcome of ['imported', 'rejected', 'skipped'] as const) {
          importRows.inc({ kind: r.kind, outcome }, r[outcome] ?? 0);
        }
      }
      for (const provider of deps.enricher.clients) {
        providerCalls.set({ provider: provider.name }, provider.calls);
        providerFailures.set({ provider: provider.name }, provider.failures);
        breakerOpen.set({ provider: provider.name }, BREAKER[provider.breaker.state]);
      }
      const pragma = (name: string) => Number(database.sqlite.pragma(name, { simple: true }));
      pages.set({ kind: 'all' }, pragma('page_count'));
      pages.set({ kind: 'free' }, pragma('freelist_count'));
      pageSize.set(pragma('page_size'));
      walBytes.set(fileSize(`${database.path}-wal`));
      const usage = process.memoryUsage();
      memory.set(usage.rss);
      heap.set(usage.heapUsed);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
