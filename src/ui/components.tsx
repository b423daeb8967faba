// Pieces several pages share: a book as patrons recognise it, a status badge, form fields that
// carry their own errors, dates in the reader's language, and charts drawn as tables.
import type { Child } from 'hono/jsx';
import { may } from '../domain/access.js';
import type { Locale } from '../domain/locale.js';
import { hyphenate } from '../domain/isbn.js';
import type { Metadata } from '../domain/metadata.js';
import { titleName } from '../domain/title-name.js';
import { findStatus, statusName, type Workflow } from '../domain/workflow.js';

export { statusName };
import type { TitleInIls } from '../services/ils/status.js';
import type { Page } from './context.js';

export function formatDate(locale: Locale, date: Date | string): string {
  const value = typeof date === 'string' ? new Date(`${date}${date.length === 10 ? 'T00:00:00Z' : ''}`) : date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(value);
}

export function formatMoney(locale: Locale, amount: number, currency: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

/** Providers' cover links, over https so the page's security policy lets them load. */
export function coverOf(metadata: Metadata | null): string | null {
  const url = metadata?.coverUrl;
  if (!url || !/^https?:\/\//.test(url)) return null;
  return url.replace(/^http:/, 'https:');
}

export function BookCard(props: {
  page: Page;
  metadata: Metadata | null;
  fallbackTitle?: string | null;
  fallbackAuthor?: string | null;
  isbn13?: string | null;
  heading?: 'h1' | 'h2' | 'h3' | 'p';
}) {
  const { metadata, page } = props;
  const known = metadata?.title ?? props.fallbackTitle;
  const title = titleName({ title: known, isbn13: props.isbn13 }, page.locale);
  const authors = metadata?.authors.length ? metadata.authors.join(', ') : (props.fallbackAuthor ?? null);
  const cover = coverOf(metadata);
  const published = [metadata?.publisher, metadata?.publishedYear].filter(Boolean).join(', ');
  // A book without a name yet is named by its ISBN: it is not said twice.
  const isbn = known?.trim() && props.isbn13 ? `ISBN ${hyphenate(props.isbn13)}` : null;
  const Heading = props.heading ?? 'p';
  return (
    <div class="book">
      {/* The title is beside it: the cover adds nothing for a screen reader to say again. */}
      {cover && <img class="cover" src={cover} alt="" loading="lazy" />}
      <div>
        <Heading class="book-title">{title}</Heading>
        {metadata?.subtitle && <div class="subtitle">{metadata.subtitle}</div>}
        {authors && <div>{authors}</div>}
        <div class="meta">{[published, isbn].filter(Boolean).join(' · ')}</div>
      </div>
    </div>
  );
}

export function StatusBadge(props: { workflow: Workflow; status: string; locale: Locale }) {
  const status = findStatus(props.workflow, props.status);
  const kind = status?.stage === 'closed' ? 'status closed' : status?.stage === 'active' ? 'status active' : 'status';
  return <span class={kind}>{statusName(props.workflow, props.status, props.locale)}</span>;
}

export type FieldErrors = Partial<Record<string, string>>;

/** The list at the top of a form that failed, each item a link to its field (GOV.UK's pattern). */
export function ErrorSummary(props: { page: Page; errors: FieldErrors }) {
  const entries = Object.entries(props.errors).filter(([, v]) => v);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{props.page.tr('ui.form.problems')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>{field === 'form' ? message : <a href={`#${field}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled field whose hint and error are read with it by screen readers. */
export function Field(props: {
  id: string;
  label: Child;
  hint?: Child | undefined;
  error?: string | undefined;
  children: (described: { 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => Child;
}) {
  const describedBy = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
      {props.children({
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
      })}
    </div>
  );
}

/** The hidden field every form of a signed-in page carries against cross-site forgery. */
export function Csrf(props: { page: Page }) {
  return <input type="hidden" name="_csrf" value={props.page.csrf ?? ''} />;
}

/** "Page 2 of 7", with the pages before and after as links: `href` gives a page's address. */
export function Pager(props: { page: Page; at: number; pages: number; href: (n: number) => string; label: string }) {
  const { page, at, pages, href } = props;
  const { tr } = page;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={props.label}>
      {at > 1 ? (
        <a href={href(at - 1)} rel="prev">
          {tr('ui.pager.previous')}
        </a>
      ) : (
        <span class="muted">{tr('ui.pager.previous')}</span>
      )}
      <span aria-current="page">{tr('ui.pager.pageOf', { page: at, pages })}</span>
      {at < pages ? (
        <a href={href(at + 1)} rel="next">
          {tr('ui.pager.next')}
        </a>
      ) : (
        <span class="muted">{tr('ui.pager.next')}</span>
      )}
    </nav>
  );
}

/** One row of a bar chart: its name, and its value in each of the chart's series. */
export interface ChartBar {
  name: string;
  current: number;
  previous: number;
}

/**
 * Bars as an accessible table: the numbers are read out, the bars drawn beside them. One
 * series, or two (this period against the one before; suggested against now) when `previous`
 * names the second.
 */
export function BarChart(props: {
  caption: string;
  bars: ChartBar[];
  current: string;
  previous?: string | undefined;
  none: string;
  format?: (n: number) => string;
}) {
  if (props.bars.length === 0) return <p class="muted">{props.none}</p>;
  const { previous } = props;
  const format = props.format ?? String;
  const max = Math.max(...props.bars.flatMap((b) => (previous ? [b.current, b.previous] : [b.current]))) || 1;
  const width = (n: number) => `width:${Math.max(1, Math.round((n / max) * 100))}%`;
  return (
    <figure style="margin:0">
      <table class="chart">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead class="visually-hidden">
          <tr>
            <th scope="col">{props.caption}</th>
            <th scope="col">{previous ? `${props.current} / ${previous}` : props.current}</th>
          </tr>
        </thead>
        <tbody>
          {props.bars.map((b) => (
            <tr>
              <th scope="row">{b.name}</th>
              <td>
                <span class="pair">
                  <span class="bar" style={width(b.current)}></span>
                  <span class="value">
                    {format(b.current)}
                    <span class="visually-hidden"> ({props.current})</span>
                  </span>
                  {previous && (
                    <>
                      <span class="bar previous" style={width(b.previous)}></span>
                      <span class="value">
                        {format(b.previous)}
                        <span class="visually-hidden"> ({previous})</span>
                      </span>
                    </>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption class="legend" aria-hidden="true">
        <span>{props.current}</span> {previous && <span class="previous">{previous}</span>}
      </figcaption>
    </figure>
  );
}

export interface SvgBar {
  name: string;
  value: number | null;
}

/**
 * Horizontal bars drawn as inline SVG, for a librarian who would rather look than read: no
 * script, no stylesheet of its own, printable. The picture is hidden from screen readers,
 * who get the same numbers as a table (visually hidden) instead; a group without a figure
 * has no bar and says "–".
 */
export function SvgBarChart(props: {
  id: string;
  caption: string;
  label: string;
  bars: SvgBar[];
  format: (n: number) => string;
}) {
  const { bars, format } = props;
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0)) || 1;
  const row = 26;
  const labelWidth = 180;
  const barWidth = 180;
  const height = bars.length * row + 4;
  return (
    <figure class="svg-chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.caption}</figcaption>
      <svg
        viewBox={`0 0 ${labelWidth + barWidth + 60} ${height}`}
        width="100%"
        style={`max-width:${(labelWidth + barWidth + 60) * 1.25}px`}
        aria-hidden="true"
        focusable="false"
      >
        {bars.map((b, i) => {
          const y = i * row + 2;
          const width = b.value === null ? 0 : Math.max(2, Math.round((b.value / max) * barWidth));
          return (
            <g>
              <text x={labelWidth - 8} y={y + 17} text-anchor="end" font-size="14" fill="#1c1c1c">
                {b.name.length > 24 ? `${b.name.slice(0, 23)}…` : b.name}
              </text>
              {b.value !== null && (
                <rect x={labelWidth} y={y + 4} width={width} height={row - 8} rx="2" fill="#1f5f8b" />
              )}
              <text x={labelWidth + width + 6} y={y + 17} font-size="14" fill="#1c1c1c">
                {b.value === null ? '–' : format(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.label}</th>
            <th scope="col">{props.caption}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr>
              <th scope="row">{b.name}</th>
              <td>{b.value === null ? '–' : format(b.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The reports a person may read, as tabs above each: the outcomes of requests, and (for those who spend the budget) the fund allocation. */
export function ReportTabs(props: { page: Page }) {
  const { page } = props;
  const tabs = [{ href: '/reports', label: page.tr('ui.reports.title') }];
  if (page.principal && may(page.principal.role, 'allocate')) {
    tabs.push({ href: '/allocation', label: page.tr('ui.alloc.title') });
  }
  if (tabs.length < 2) return null;
  return (
    <nav class="tabs" aria-label={page.tr('ui.nav.reports')}>
      {tabs.map((t) => (
        <a href={t.href} aria-current={page.path === t.href ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}

const ILS_NAMES: Record<string, string> = { koha: 'Koha', folio: 'FOLIO', alma: 'Alma' };

/** Where an approved title is in the ILS: waiting, there (its number and the ILS's word), or given up on. */
export function IlsPlace(props: {
  page: Page;
  place: Pick<TitleInIls, 'ils' | 'push' | 'lastError' | 'ilsId' | 'ilsNumber' | 'recordId' | 'ilsStatus'> | undefined;
}) {
  const { page, place } = props;
  if (!place) return null;
  const system = ILS_NAMES[place.ils] ?? place.ils;
  if (place.push === 'pending') return <span class="reason">{page.tr('ui.ils.pending', { system })}</span>;
  if (place.push === 'dead')
    return (
      <span class="reason" title={place.lastError ?? undefined}>
        {page.tr('ui.ils.dead', { system })}
      </span>
    );
  return (
    <span class="reason">
      {page.tr('ui.ils.sent', { system, id: place.ilsNumber ?? place.ilsId ?? '' })}
      {place.ilsStatus && ` · ${page.tr('ui.ils.says', { system, status: place.ilsStatus })}`}
      {/* Koha's biblionumber and Alma's MMS id are what staff look a record up by; FOLIO's is a UUID. */}
      {place.recordId && place.ils !== 'folio' && ` · ${page.tr('ui.ils.record', { id: place.recordId })}`}
    </span>
  );
}
