// The history of imports, from import_runs: every file read, by the pages, the API or the CLI,
// with its counts; a run's page gives its first rejected rows with their line numbers, to read
// or download; and the progress of the runs under way, which the upload form's script reads
// while the server works through a file. The importers' reasons are English (the API's words),
// marked as such.
import { Hono } from 'hono';
import { attachment } from '../../services/exports/attachment.js';
import { importRejectionsCsv } from '../../services/exports/import-rejections-csv.js';
import {
  findImportRun,
  type ImportRunListing,
  listImportRuns,
  MAX_REJECTIONS_KEPT,
} from '../../services/imports/import-run.js';
import { type Page, pageOf, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';
import { notFoundPage } from './errors.js';

const RECENT = 50;

function when(page: Page, at: Date): string {
  return new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at);
}

const runPath = (run: ImportRunListing) => `/imports/runs/${encodeURIComponent(run.runKey)}`;

/** The runs as a table: when, which file and kind, what became of its records. */
function RunsTable(props: { page: Page; runs: ImportRunListing[]; caption: string }) {
  const { page, runs } = props;
  const { tr } = page;
  if (runs.length === 0) return <p class="muted">{tr('ui.importRuns.none')}</p>;
  return (
    <div class="scroll">
      <table class="list">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('ui.importRuns.file')}</th>
            <th scope="col">{tr('ui.importRuns.kind')}</th>
            <th scope="col">{tr('ui.importRuns.started')}</th>
            <th scope="col" class="num">
              {tr('ui.importRuns.records')}
            </th>
            <th scope="col" class="num">
              {tr('ui.importRuns.imported')}
            </th>
            <th scope="col" class="num">
              {tr('ui.importRuns.rejected')}
            </th>
            <th scope="col">{tr('ui.buylist.status')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr>
              <td>
                <a href={runPath(run)}>{run.fileName}</a>
              </td>
              <td>{tr(`ui.imports.kind.${run.kind}`)}</td>
              <td>{when(page, run.startedAt)}</td>
              <td class="num">{run.records}</td>
              <td class="num">{run.imported}</td>
              <td class="num">{run.rejected}</td>
              <td>{tr(`ui.importRuns.status.${run.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunPage(props: { page: Page; run: ImportRunListing }) {
  const { page, run } = props;
  const { tr } = page;
  const title = tr('ui.importRuns.runTitle', { file: run.fileName });
  return (
    <Layout page={page} title={title}>
      <p>
        <a href="/imports/runs">{tr('ui.importRuns.back')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="card">
        <dt>{tr('ui.importRuns.kind')}</dt>
        <dd>{tr(`ui.imports.kind.${run.kind}`)}</dd>
        <dt>{tr('ui.importRuns.started')}</dt>
        <dd>{when(page, run.startedAt)}</dd>
        <dt>{tr('ui.buylist.status')}</dt>
        <dd>{tr(`ui.importRuns.status.${run.status}`)}</dd>
        <dt>{tr('ui.importRuns.records')}</dt>
        <dd>
          {tr('ui.importRuns.counts', {
            records: run.records,
            imported: run.imported,
            rejected: run.rejected,
            skipped: run.skipped,
          })}
        </dd>
      </dl>
      <h2>{tr('ui.importRuns.rejections')}</h2>
      {run.rejections.length === 0 ? (
        <p>{tr('ui.importRuns.noRejections')}</p>
      ) : (
        <>
          {run.rejected > run.rejections.length && (
            <p>{tr('ui.importRuns.firstKept', { kept: run.rejections.length, rejected: run.rejected })}</p>
          )}
          <p>
            <a class="button secondary small" href={`${runPath(run)}/rejections.csv`}>
              {tr('ui.importRuns.download')}
            </a>
          </p>
          <table class="list">
            <caption>{tr('ui.importRuns.rejectionsCaption', { count: run.rejections.length })}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  {tr('ui.importRuns.line')}
                </th>
                <th scope="col">{tr('ui.importRuns.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {run.rejections.map((r) => (
                <tr>
                  <td class="num">{r.line}</td>
                  <td>
                    <samp lang="en">{r.reason}</samp>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}

export const importRunPages = new Hono<UiEnv>()
  .get('/imports/runs', requireSignIn('import'), async (c) => {
    const page = pageOf(c);
    const { tr } = page;
    const runs = await listImportRuns(c.get('deps').db, { limit: RECENT });
    return render(
      c,
      <Layout page={page} title={tr('ui.importRuns.title')}>
        <p>
          <a href="/imports">{tr('ui.importRuns.toImports')}</a>
        </p>
        <h1>{tr('ui.importRuns.title')}</h1>
        <p class="lede">{tr('ui.importRuns.lede', { kept: MAX_REJECTIONS_KEPT })}</p>
        <RunsTable page={page} runs={runs} caption={tr('ui.importRuns.caption', { count: runs.length })} />
      </Layout>,
    );
  })
  // What the upload form's script shows while the server reads the file: the runs under way.
  .get('/imports/progress', requireSignIn('import'), async (c) => {
    const runs = await listImportRuns(c.get('deps').db, { limit: 10, running: true });
    c.header('cache-control', 'no-store');
    return c.json({
      runs: runs.map((r) => ({ kind: r.kind, fileName: r.fileName, records: r.records, rejected: r.rejected })),
    });
  })
  .get('/imports/runs/:key{[0-9a-f]{1,128}}', requireSignIn('import'), async (c) => {
    const run = await findImportRun(c.get('deps').db, c.req.param('key'));
    if (!run) return notFoundPage(c);
    return render(c, <RunPage page={pageOf(c)} run={run} />);
  })
  .get('/imports/runs/:key{[0-9a-f]{1,128}}/rejections.csv', requireSignIn('import'), async (c) => {
    const run = await findImportRun(c.get('deps').db, c.req.param('key'));
    if (!run) return notFoundPage(c);
    const name = `${run.fileName.replace(/\.[^.]*$/, '')}-rejections.csv`;
    return c.body(importRejectionsCsv(run), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(name),
    });
  });
