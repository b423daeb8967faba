// /imports: the importers of `r2b import` for a systems librarian without a shell, admins only.
// One page per kind of file: what it is and which system exports it, a multipart form with the
// options that kind takes (the API's own query schema says which, and their limits), and the
// columns each preset reads. Posting runs the same service call as the API on the upload, read
// in slices as the API reads it, and shows the summary: the counts, the importer's warnings,
// and the first rejected rows with their line numbers. The importer's own words are English:
// they are quoted as the importer's, marked as English, beside a sentence in the reader's.
import { Hono } from 'hono';
import type { z } from 'zod';
import { IMPORT_KINDS } from '../../db/schema.js';
import { CATALOGUE_COLUMNS } from '../../domain/catalogue.js';
import { ILL_FIELDS, ILL_PRESETS } from '../../domain/ill-request.js';
import { LOAN_FIELDS, LOAN_PRESETS } from '../../domain/loan-presets.js';
import type { Locale } from '../../domain/locale.js';
import { READING_LIST_FIELDS, READING_LIST_PRESETS } from '../../domain/reading-list-presets.js';
import en from '../../i18n/en.js';
import type { MessageKey } from '../../i18n/index.js';
import { IMPORT_QUERIES } from '../../routes/imports/imports.routes.js';
import { DELIMITERS, type DelimiterName } from '../../services/imports/csv.js';
import { DEPARTMENT_COLUMNS } from '../../services/imports/departments.js';
import { HOLDINGS_CSV_COLUMNS } from '../../services/imports/holdings.js';
import { type ImportChoices, importFile } from '../../services/imports/import-file.js';
import {
  bufferSource,
  ImportError,
  type ImportKind,
  type ImportSummary,
  readsRecords,
} from '../../services/imports/import-run.js';
import { SUGGESTION_COLUMNS } from '../../services/imports/suggestions.js';
import { Csrf, ErrorSummary, Field, type FieldErrors } from '../components.js';
import { type Page, pageOf, type UiContext, type UiEnv } from '../context.js';
import { Layout } from '../layout.js';
import { requireSignIn } from '../middleware.js';
import { render } from '../render.js';
import { forgeryRefused } from './errors.js';

interface PresetShown {
  name: string;
  /** for each field, the columns it is read from, in the order they are tried */
  columns: Partial<Record<string, string[]>>;
}

/** The kinds read through presets, each with its fields, and the columns each preset reads them from. */
const PRESETS: Partial<Record<ImportKind, { fields: readonly string[]; presets: PresetShown[] }>> = {
  loans: {
    fields: LOAN_FIELDS,
    presets: Object.values(LOAN_PRESETS).map((p) => ({
      name: p.name,
      columns: Object.fromEntries(
        LOAN_FIELDS.map((field) => {
          const columns = p.columns[field] ?? [];
          // A call number that gives no discipline is looked for in the record's class columns.
          const fallbacks = field === 'call_number' ? (p.classFallbacks ?? []).map((f) => f.column) : [];
          // A type column is read with the values that mean a new loan.
          const types = field === 'type' && p.newLoanTypes ? ` = ${p.newLoanTypes.join(' | ')}` : '';
          return [field, [...columns.map((c) => c + types), ...fallbacks]];
        }),
      ),
    })),
  },
  readinglists: {
    fields: READING_LIST_FIELDS,
    presets: Object.values(READING_LIST_PRESETS).map((p) => ({ name: p.name, columns: p.columns })),
  },
  ill: {
    fields: ILL_FIELDS,
    presets: Object.values(ILL_PRESETS).map((p) => ({
      name: p.name,
      columns: Object.fromEntries(Object.entries(p.columns).map(([field, column]) => [field, [column]])),
    })),
  },
};

/** The kinds whose files have one layout: the columns they are read from. */
const COLUMNS: Partial<Record<ImportKind, readonly string[]>> = {
  holdings: HOLDINGS_CSV_COLUMNS,
  // Each field by its names, English first, then a Chinese vendor's.
  catalogue: Object.values(CATALOGUE_COLUMNS).map((names) => names.join(' | ')),
  departments: DEPARTMENT_COLUMNS,
  suggestions: SUGGESTION_COLUMNS,
};

/** The systems' own names; "generic" is said in the reader's language. */
const SYSTEMS: Record<string, string> = {
  koha: 'Koha',
  alma: 'Alma',
  folio: 'FOLIO',
  evergreen: 'Evergreen',
  leganto: 'Leganto',
  talis: 'Talis Aspire',
  illiad: 'ILLiad',
  tipasa: 'Tipasa',
  reshare: 'ReShare',
};

const DELIMITER_NAMES = Object.keys(DELIMITERS) as DelimiterName[];

const FORMATS = [
  { value: 'iso2709', name: 'MARC (ISO 2709)' },
  { value: 'marcxml', name: 'MARCXML' },
  { value: 'csv', name: 'CSV' },
];

const FLAVOURS = [
  { value: 'marc21', name: 'MARC21' },
  { value: 'unimarc', name: 'UNIMARC (CNMARC)' },
];

/** The form's fields beside the file, by the query parameter each one is. */
const OPTIONS = [
  'preset',
  'dates',
  'source',
  'encoding',
  'delimiter',
  'map',
  'loanType',
  'format',
  'flavour',
  'catalogue',
  'vendor',
  'issued',
  'expires',
  'currency',
] as const;
type Option = (typeof OPTIONS)[number];

/** A kind's options as one schema: which fields its form has, and what each may hold. */
function optionsOf(kind: ImportKind): z.ZodObject {
  return IMPORT_QUERIES[kind];
}

function takes(kind: ImportKind, option: Option): boolean {
  return Object.hasOwn(optionsOf(kind).shape, option);
}

export function isImportKind(kind: string): kind is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(kind);
}

/** "50 MB", the same in every language. */
function formatBytes(locale: Locale, bytes: number): string {
  const [unit, size] = bytes >= 2 ** 20 ? ['megabyte', bytes / 2 ** 20] : ['kilobyte', bytes / 1024];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    size,
  );
}

type NameKey = Extract<MessageKey, `ui.imports.name.${string}`>;

function presetName(page: Page, name: string, short = false): string {
  if (name === 'generic') return short ? page.tr('ui.imports.genericShort') : page.tr('ui.imports.generic');
  // A preset for one table of a system is named in the reader's language.
  const key = `ui.imports.name.${name}`;
  if (Object.hasOwn(en, key)) return page.tr(key as NameKey, { short });
  return SYSTEMS[name] ?? name;
}

type PresetKey = Extract<MessageKey, `ui.imports.preset.${string}`>;

/** What export a preset reads, in the reader's language (a preset the catalogs do not know yet says nothing). */
function presetAbout(page: Page, kind: ImportKind, name: string): string | null {
  const key = `ui.imports.preset.${kind}.${name}`;
  return Object.hasOwn(en, key) ? page.tr(key as PresetKey) : null;
}

function command(kind: ImportKind): string {
  return kind === 'catalogue' ? 'r2b import catalogue FILE --name NAME --vendor VENDOR' : `r2b import ${kind} FILE`;
}

/** The catalogue a vendor catalogue's file is: its name, vendor, the days it is issued and expires, its prices' currency. */
function CatalogueFields(props: { page: Page; values: Record<Option, string>; errors: FieldErrors }) {
  const { page, values, errors } = props;
  const { tr } = page;
  const fields = [
    { option: 'catalogue', flag: 'name', type: 'text', size: 40, max: 200, required: true },
    { option: 'vendor', flag: 'vendor', type: 'text', size: 30, max: 200, required: true },
    { option: 'issued', flag: 'issued', type: 'date', size: 12, max: 10, required: false },
    { option: 'expires', flag: 'expires', type: 'date', size: 12, max: 10, required: false },
    { option: 'currency', flag: 'currency', type: 'text', size: 4, max: 3, required: false },
  ] as const;
  return (
    <>
      {fields.map((f) => (
        <Field
          id={`i-${f.option}`}
          label={<Labelled text={tr(`ui.imports.catalogue.${f.option}`)} option={f.flag} />}
          hint={tr(`ui.imports.catalogue.${f.option}Hint`)}
          error={errors[`i-${f.option}`]}
        >
          {(described) => (
            <input
              type={f.type}
              id={`i-${f.option}`}
              name={f.option}
              value={values[f.option]}
              size={f.size}
              maxlength={f.max}
              required={f.required}
              {...described}
            />
          )}
        </Field>
      ))}
    </>
  );
}

interface FormState {
  /** as sent, to show them again */
  values: Record<Option, string>;
  errors: FieldErrors;
  /** the importer's refusal of the file (an ImportError), in its own words */
  refusal: { file: string; reason: string } | null;
}

const EMPTY: FormState = {
  values: {
    preset: 'generic',
    dates: '',
    source: '',
    encoding: '',
    delimiter: '',
    map: '',
    loanType: '',
    format: '',
    flavour: '',
    catalogue: '',
    vendor: '',
    issued: '',
    expires: '',
    currency: '',
  },
  errors: {},
  refusal: null,
};

function Code(props: { children: string }) {
  return <code>{props.children}</code>;
}

/** A sentence with the names of tables and columns in it set as code: `issues` in backticks. */
function WithCode(props: { text: string }) {
  return <>{props.text.split('`').map((part, i) => (i % 2 === 1 ? <Code>{part}</Code> : part))}</>;
}

/** Codes in a row, separated as the reader's language separates a list. */
function Codes(props: { page: Page; values: readonly string[]; or?: boolean }) {
  const separator = props.or ? ` ${props.page.tr('ui.or')} ` : props.page.locale === 'en' ? ', ' : '、';
  return (
    <>
      {props.values.map((value, i) => (
        <>
          {i > 0 && separator}
          <Code>{value}</Code>
        </>
      ))}
    </>
  );
}

/** A field's label with the command's option beside it, the name the importer's words use. */
function Labelled(props: { text: string; option: string }) {
  return (
    <>
      {props.text} <code class="option">--{props.option}</code>
    </>
  );
}

function ImportForm(props: { page: Page; kind: ImportKind; state: FormState; again: boolean; limit: number }) {
  const { page, kind, state } = props;
  const { tr } = page;
  const { values, errors } = state;
  const presets = PRESETS[kind]?.presets ?? [];
  return (
    <form
      method="post"
      action={`/imports/${kind}`}
      enctype="multipart/form-data"
      class="card"
      aria-labelledby="import-form"
      data-upload="/imports/progress"
    >
      <h2 id="import-form" style="margin-top:0">
        {props.again ? tr('ui.imports.another') : tr('ui.imports.form')}
      </h2>
      {state.refusal && (
        <div class="note problem" id="refusal">
          <p>{tr('ui.imports.refused', { file: state.refusal.file })}</p>
          <p>
            <samp lang="en">{state.refusal.reason}</samp>
          </p>
          <p>{tr('ui.imports.refusedOptions')}</p>
        </div>
      )}
      <Csrf page={page} />
      <Field
        id="i-file"
        label={tr('ui.imports.file')}
        hint={tr('ui.imports.fileHint', { limit: formatBytes(page.locale, props.limit) })}
        error={errors['i-file']}
      >
        {(described) => (
          <input
            type="file"
            id="i-file"
            name="file"
            required
            accept={readsRecords(kind) ? '.mrc,.marc,.dat,.xml,.csv' : '.csv,.txt,text/csv'}
            {...described}
          />
        )}
      </Field>
      {takes(kind, 'vendor') && <CatalogueFields page={page} values={values} errors={errors} />}
      {takes(kind, 'preset') && (
        <Field
          id="i-preset"
          label={<Labelled text={tr('ui.imports.preset')} option="preset" />}
          hint={tr('ui.imports.presetHint')}
          error={errors['i-preset']}
        >
          {(described) => (
            <select id="i-preset" name="preset" {...described}>
              {presets.map((p) => (
                <option value={p.name} selected={values.preset === p.name}>
                  {presetName(page, p.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {takes(kind, 'format') && (
        <Field
          id="i-format"
          label={<Labelled text={tr('ui.imports.format')} option="format" />}
          error={errors['i-format']}
        >
          {(described) => (
            <select id="i-format" name="format" {...described}>
              <option value="">{tr('ui.imports.formatAny')}</option>
              {FORMATS.map((f) => (
                <option value={f.value} selected={values.format === f.value}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {takes(kind, 'flavour') && (
        <Field
          id="i-flavour"
          label={<Labelled text={tr('ui.imports.flavour')} option="flavour" />}
          hint={tr('ui.imports.flavourHint')}
          error={errors['i-flavour']}
        >
          {(described) => (
            <select id="i-flavour" name="flavour" {...described}>
              <option value="">{tr('ui.imports.flavourAny')}</option>
              {FLAVOURS.map((f) => (
                <option value={f.value} selected={values.flavour === f.value}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {takes(kind, 'dates') && (
        <Field
          id="i-dates"
          label={<Labelled text={tr('ui.imports.dates')} option="dates" />}
          hint={tr('ui.imports.datesHint')}
          error={errors['i-dates']}
        >
          {(described) => (
            <select id="i-dates" name="dates" {...described}>
              <option value="">{tr('ui.imports.datesAny')}</option>
              <option value="mdy" selected={values.dates === 'mdy'}>
                {tr('ui.imports.datesMdy')}
              </option>
              <option value="dmy" selected={values.dates === 'dmy'}>
                {tr('ui.imports.datesDmy')}
              </option>
            </select>
          )}
        </Field>
      )}
      {takes(kind, 'source') && (
        <Field
          id="i-source"
          label={<Labelled text={tr('ui.imports.source')} option="source" />}
          hint={tr('ui.imports.sourceHint')}
          error={errors['i-source']}
        >
          {(described) => (
            <input
              type="text"
              id="i-source"
              name="source"
              value={values.source}
              size={20}
              maxlength={60}
              {...described}
            />
          )}
        </Field>
      )}
      {takes(kind, 'encoding') && (
        <Field
          id="i-encoding"
          label={<Labelled text={tr('ui.imports.encoding')} option="encoding" />}
          hint={
            <>
              {tr('ui.imports.encodingHint')}{' '}
              <Codes page={page} values={['utf-8', 'gb18030', 'big5', 'windows-1252']} />
            </>
          }
          error={errors['i-encoding']}
        >
          {(described) => (
            <input
              type="text"
              id="i-encoding"
              name="encoding"
              value={values.encoding}
              size={14}
              maxlength={40}
              {...described}
            />
          )}
        </Field>
      )}
      {takes(kind, 'delimiter') && (
        <Field
          id="i-delimiter"
          label={<Labelled text={tr('ui.imports.delimiter')} option="delimiter" />}
          error={errors['i-delimiter']}
        >
          {(described) => (
            <select id="i-delimiter" name="delimiter" {...described}>
              <option value="">{tr('ui.imports.delimiterAny')}</option>
              {DELIMITER_NAMES.map((name) => (
                <option value={name} selected={values.delimiter === name}>
                  {tr(`ui.imports.delimiter.${name}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {takes(kind, 'map') && (
        <Field
          id="i-map"
          label={<Labelled text={tr('ui.imports.map')} option="map" />}
          hint={
            <>
              {tr('ui.imports.mapHint')}{' '}
              <Code>{kind === 'readinglists' ? 'enrolment=Class size' : 'department=Faculty'}</Code>
            </>
          }
          error={errors['i-map']}
        >
          {(described) => (
            <textarea id="i-map" name="map" rows={3} spellcheck={false} {...described}>
              {values.map}
            </textarea>
          )}
        </Field>
      )}
      {takes(kind, 'loanType') && (
        <Field
          id="i-loanType"
          label={<Labelled text={tr('ui.imports.loanType')} option="loan-type" />}
          hint={
            <>
              {tr('ui.imports.loanTypeHint')} <Code>issue</Code>
            </>
          }
          error={errors['i-loanType']}
        >
          {(described) => (
            <input
              type="text"
              id="i-loanType"
              name="loanType"
              value={values.loanType}
              size={20}
              maxlength={200}
              {...described}
            />
          )}
        </Field>
      )}
      <button type="submit">{tr('ui.imports.submit')}</button>
      {/* Shown by the script, which sends the file itself to follow its progress; without it the form posts as it is. */}
      <div
        class="upload-progress"
        hidden
        data-sending={tr('ui.importRuns.sending', { percent: '{percent}' })}
        data-reading={tr('ui.importRuns.reading', { records: '{records}' })}
      >
        <label for="upload-progress">{tr('ui.importRuns.progress')}</label>
        <progress id="upload-progress" max={100} value={0}></progress>
        <p class="muted" role="status" aria-live="polite"></p>
      </div>
    </form>
  );
}

function ColumnsRead(props: { page: Page; kind: ImportKind }) {
  const { page, kind } = props;
  const { tr } = page;
  const read = PRESETS[kind];
  const fixed = COLUMNS[kind];
  return (
    <section aria-labelledby="columns">
      <h2 id="columns">{tr('ui.imports.columns')}</h2>
      {read && (
        <>
          <p>{tr('ui.imports.presets')}</p>
          <ul>
            {read.presets.map((p) => (
              <li>
                <strong>{presetName(page, p.name)}</strong> <code class="option">--preset {p.name}</code>
                {presetAbout(page, kind, p.name) && (
                  <>
                    : <WithCode text={presetAbout(page, kind, p.name)!} />
                  </>
                )}
              </li>
            ))}
          </ul>
          <div class="scroll" role="region" aria-labelledby="columns-caption" tabindex={0}>
            <table class="grid">
              <caption id="columns-caption">{tr('ui.imports.columnsTable')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('ui.imports.field')}</th>
                  {read.presets.map((p) => (
                    <th scope="col">{presetName(page, p.name, true)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {read.fields.map((field) => (
                  <tr>
                    <th scope="row">
                      <code>{field}</code>
                    </th>
                    {read.presets.map((p) => {
                      const columns = p.columns[field] ?? [];
                      return <td>{columns.length ? <Codes page={page} values={columns} or /> : '–'}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {fixed && (
        <>
          <p>
            {kind === 'holdings'
              ? tr('ui.imports.columnsHoldings')
              : kind === 'catalogue'
                ? tr('ui.imports.columnsCatalogue')
                : tr('ui.imports.columnsFixed')}
          </p>
          <p>
            <Codes page={page} values={fixed} />
          </p>
        </>
      )}
    </section>
  );
}

function Outcome(props: { page: Page; summary: ImportSummary }) {
  const { page, summary } = props;
  const { tr, locale } = page;
  const count = (n: number) => n.toLocaleString(locale);
  const records = readsRecords(summary.kind);
  const figures: [string, string][] = [
    [tr('ui.imports.read', { records }), count(summary.read)],
    [tr('ui.imports.imported'), count(summary.imported)],
    [tr('ui.imports.rejected'), count(summary.rejected)],
    [tr('ui.imports.skipped'), count(summary.skipped)],
    // Rounded up: an import is never said to have taken no time.
    [tr('ui.imports.time'), tr('ui.imports.seconds', { seconds: Math.max(0.1, Math.ceil(summary.seconds * 10) / 10) })],
  ];
  return (
    <section aria-labelledby="outcome" class="outcome">
      <h2 id="outcome">{tr('ui.imports.outcome', { file: summary.file })}</h2>
      {summary.alreadyImported && <p>{tr('ui.imports.already')}</p>}
      <dl class="card">
        {figures.map(([name, value]) => (
          <>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      {summary.resumedAfter > 0 && !summary.alreadyImported && (
        <p>{tr('ui.imports.resumed', { count: summary.resumedAfter })}</p>
      )}
      {summary.failed && (
        <div class="note problem">
          <p>{tr('ui.imports.failed')}</p>
          <p>
            <samp lang="en">{summary.failed}</samp>
          </p>
        </div>
      )}
      {summary.warnings.length > 0 && (
        <>
          <h3>{tr('ui.imports.warnings')}</h3>
          <p>{tr('ui.imports.said')}</p>
          <ul lang="en">
            {summary.warnings.map((warning) => (
              <li>
                <samp>{warning}</samp>
              </li>
            ))}
          </ul>
        </>
      )}
      {summary.rejections.length > 0 && (
        <table class="list">
          <caption>
            {tr('ui.imports.rejections', { shown: summary.rejections.length, total: summary.rejected })}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {tr('ui.imports.line', { records })}
              </th>
              <th scope="col">{tr('ui.imports.why')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.rejections.map((r) => (
              <tr>
                <td class="num">{count(r.line)}</td>
                <td>
                  <samp lang="en">{r.reason}</samp>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function KindPage(props: {
  page: Page;
  kind: ImportKind;
  state: FormState;
  summary: ImportSummary | null;
  limit: number;
}) {
  const { page, kind, state } = props;
  const { tr } = page;
  const name = tr(`ui.imports.kind.${kind}`);
  const errors: FieldErrors = { ...state.errors, ...(state.refusal ? { refusal: tr('ui.imports.refusedShort') } : {}) };
  return (
    <Layout page={page} title={`${name} · ${tr('ui.imports.title')}`}>
      <p>
        <a href="/imports">{tr('ui.imports.all')}</a>
      </p>
      <h1>{name}</h1>
      <p class="lede">{tr(`ui.imports.about.${kind}`)}</p>
      <ErrorSummary page={page} errors={errors} />
      {props.summary && <Outcome page={page} summary={props.summary} />}
      <ImportForm page={page} kind={kind} state={state} again={props.summary !== null} limit={props.limit} />
      <ColumnsRead page={page} kind={kind} />
      <p>
        {tr('ui.imports.command')} <code>{command(kind)}</code>
      </p>
    </Layout>
  );
}

function IndexPage(props: { page: Page; limit: number }) {
  const { page } = props;
  const { tr } = page;
  return (
    <Layout page={page} title={tr('ui.imports.title')}>
      <h1>{tr('ui.imports.title')}</h1>
      <p class="lede">
        {tr('ui.imports.lede', { limit: formatBytes(page.locale, props.limit) })} <code>r2b import</code>
      </p>
      {IMPORT_KINDS.map((kind) => (
        <section class="card" aria-labelledby={`kind-${kind}`}>
          <h2 id={`kind-${kind}`} style="margin-top:0">
            <a href={`/imports/${kind}`}>{tr(`ui.imports.kind.${kind}`)}</a>
          </h2>
          <p>{tr(`ui.imports.about.${kind}`)}</p>
        </section>
      ))}
      <p>
        <a href="/imports/runs">{tr('ui.importRuns.all')}</a>
      </p>
    </Layout>
  );
}

/** The 413 of an upload over IMPORT_LIMIT_BYTES: how large a file may be, and the command for a larger one. */
export function uploadTooLarge(c: UiContext, kind: ImportKind) {
  const page = pageOf(c);
  const { tr } = page;
  const limit = formatBytes(page.locale, c.get('deps').config.IMPORT_LIMIT_BYTES);
  return render(
    c,
    <Layout page={page} title={tr('ui.imports.tooLarge')} narrow>
      <h1>{tr('ui.imports.tooLarge')}</h1>
      <p>{tr('ui.imports.tooLargeDetail', { limit })}</p>
      <p>
        <code>{command(kind)}</code>
      </p>
      <p>
        <a href={`/imports/${kind}`}>{tr(`ui.imports.kind.${kind}`)}</a>
      </p>
    </Layout>,
    413,
  );
}

/** The form's options as the schema of the kind reads them, or what is wrong with each, beside its field. */
function choicesFrom(
  page: Page,
  kind: ImportKind,
  form: Record<string, unknown>,
): { values: Record<Option, string>; choices: ImportChoices | null; errors: FieldErrors } {
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const values = Object.fromEntries(OPTIONS.map((o) => [o, text(o)])) as Record<Option, string>;
  const asked: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    if (!takes(kind, option) || values[option] === '') continue;
    // A map is a field=column a line; the values that mean a new loan are separated by commas.
    const list = option === 'map' ? /\r?\n/ : option === 'loanType' ? ',' : null;
    asked[option] = list
      ? values[option]
          .split(list)
          .map((item) => item.trim())
          .filter(Boolean)
      : values[option];
  }
  const parsed = optionsOf(kind).safeParse(asked);
  if (parsed.success) return { values, choices: parsed.data as ImportChoices, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const option = String(issue.path[0]);
    errors[`i-${option}`] ??=
      issue.code === 'too_big'
        ? page.tr('ui.form.tooLong', { max: Number(issue.maximum) })
        : issue.code === 'invalid_value'
          ? page.tr('ui.form.choose')
          : values[option as Option] === ''
            ? page.tr('ui.imports.needed')
            : option === 'issued' || option === 'expires'
              ? page.tr('ui.form.date')
              : page.tr('ui.form.invalid');
  }
  return { values, choices: null, errors };
}

/** A file's name from the browser, as the API takes a name: printable, at most 200 characters. */
function uploadName(file: File, kind: ImportKind): string {
  return file.name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || `${kind} upload`;
}

const KIND = `:kind{${IMPORT_KINDS.join('|')}}`;

export const importPages = new Hono<UiEnv>()
  .get('/imports', requireSignIn('import'), (c) =>
    render(c, <IndexPage page={pageOf(c)} limit={c.get('deps').config.IMPORT_LIMIT_BYTES} />),
  )
  .get(`/imports/${KIND}`, requireSignIn('import'), (c) => {
    const kind = c.req.param('kind') as ImportKind;
    const limit = c.get('deps').config.IMPORT_LIMIT_BYTES;
    return render(c, <KindPage page={pageOf(c)} kind={kind} state={EMPTY} summary={null} limit={limit} />);
  })
  .post(`/imports/${KIND}`, requireSignIn('import'), async (c) => {
    const deps = c.get('deps');
    const page = pageOf(c);
    const kind = c.req.param('kind') as ImportKind;
    const limit = deps.config.IMPORT_LIMIT_BYTES;
    const form = await c.req.parseBody({ all: true });
    const forged = forgeryRefused(c, form);
    if (forged) return forged;
    const file = form['file'];
    if (file instanceof File && file.size > limit) return uploadTooLarge(c, kind);
    const { values, choices, errors } = choicesFrom(page, kind, form);
    if (!(file instanceof File) || (file.size === 0 && file.name === ''))
      errors['i-file'] = page.tr('ui.imports.noFile');
    else if (file.size === 0) errors['i-file'] = page.tr('ui.imports.emptyFile');
    const refused = (state: Partial<FormState>) =>
      render(
        c,
        <KindPage page={page} kind={kind} state={{ ...EMPTY, values, ...state }} summary={null} limit={limit} />,
        422,
      );
    if (!choices || !(file instanceof File) || errors['i-file']) return refused({ errors });
    const name = uploadName(file, kind);
    try {
      const source = bufferSource(name, Buffer.from(await file.arrayBuffer()));
      const summary = await importFile(deps, kind, source, choices);
      return render(
        c,
        <KindPage page={page} kind={kind} state={{ ...EMPTY, values }} summary={summary} limit={limit} />,
      );
    } catch (error) {
      if (error instanceof ImportError) return refused({ refusal: { file: name, reason: error.message } });
      throw error;
    }
  });
