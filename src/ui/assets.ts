// The pages' one stylesheet and one script, served by the app itself (no build step, no CDN,
// the same on Node and Workers). Pages work without the script; it only adds the ISBN lookup
// as the patron types, hides covers that fail to load, and the "select all" of bulk actions.

export const CSS = `
:root { --ink: #1c1c1c; --muted: #555; --line: #d8d8d4; --paper: #fff; --wash: #f6f6f4; --accent: #1f5f8b;
  --accent-dark: #174a6d; --ok: #1d6b3a; --warn: #8a4b00; --bad: #a4161a; --focus: #ffbf47; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--wash); color: var(--ink); line-height: 1.5;
  font: 16px/1.5 -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "PingFang TC", "Microsoft YaHei", "Microsoft JhengHei", sans-serif; }
a { color: var(--accent); }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; }
header.site { background: var(--accent); color: #fff; }
/* The bar is wider than the page's text, so a staff member's whole bar (the library's name, five
   places, three languages, who they are) stays on one line on a laptop; on a narrower screen
   the places take a line of their own rather than wrapping wherever they happen to break. */
header.site .bar { max-width: 1440px; margin: 0 auto; padding: 10px 16px; display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; }
@media (max-width: 1199px) { header.site nav.main { order: 1; flex-basis: 100%; } }
header.site a, header.site .brand { color: #fff; text-decoration: none; }
header.site .brand { font-weight: 700; margin-right: auto; }
header.site nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0; padding: 0; }
header.site nav a[aria-current="page"] { text-decoration: underline; text-underline-offset: 4px; }
header.site form { margin: 0; }
header.site .who { font-size: 14px; opacity: .95; }
header.site button.link { background: none; border: 1px solid #fff8; color: #fff; border-radius: 4px; padding: 2px 8px; font: inherit; font-size: 14px; cursor: pointer; }
.langs { display: flex; gap: 10px; font-size: 14px; }
.langs a[aria-current="true"] { font-weight: 700; text-decoration: none; }
main { max-width: 1100px; margin: 0 auto; padding: 20px 16px 48px; }
main.narrow { max-width: 720px; }
h1 { font-size: 1.6rem; margin: 0 0 12px; }
h2 { font-size: 1.25rem; margin: 28px 0 10px; }
.lede { color: var(--muted); margin-top: 0; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 12px 0; }
.flash { border-left: 5px solid var(--ok); background: #eef7f0; padding: 10px 14px; margin: 0 0 16px; border-radius: 4px; }
.flash.error { border-color: var(--bad); background: #fdf0f0; }
.error-summary { border: 3px solid var(--bad); background: var(--paper); padding: 12px 16px; margin-bottom: 18px; border-radius: 6px; }
.error-summary h2 { margin: 0 0 6px; font-size: 1.1rem; }
.field { margin: 0 0 16px; }
.field label, .field legend, .label { display: block; font-weight: 600; margin-bottom: 4px; }
.hint { display: block; color: var(--muted); font-size: 14px; margin: -2px 0 6px; }
.field-error { display: block; color: var(--bad); font-weight: 600; margin: 2px 0 6px; }
.field.invalid input, .field.invalid textarea { border-color: var(--bad); border-width: 2px; }
input[type=text], input[type=search], input[type=password], input[type=date], input[type=number], select, textarea {
  font: inherit; padding: 8px 10px; border: 1px solid #767676; border-radius: 4px; background: #fff; color: var(--ink); max-width: 100%; }
input.wide, textarea { width: 100%; }
fieldset { border: 0; padding: 0; margin: 0 0 16px; }
.choices { display: flex; flex-wrap: wrap; gap: 6px 18px; }
.choices label { font-weight: 400; display: inline-flex; gap: 6px; align-items: center; }
.row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; }
button, .button { font: inherit; font-weight: 600; padding: 8px 16px; border-radius: 4px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button:hover, .button:hover { background: var(--accent-dark); color: #fff; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.secondary:hover, .button.secondary:hover { background: #eef3f7; color: var(--accent-dark); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
button.small, .button.small { padding: 3px 10px; font-size: 14px; }
.lookup { min-height: 1px; }
.book { display: flex; gap: 14px; align-items: flex-start; }
.book img.cover { width: 64px; height: auto; border: 1px solid var(--line); background: var(--wash); flex: none; }
.book .book-title { margin: 0; font-size: 1rem; font-weight: 700; }
.book h1.book-title { font-size: 1.6rem; line-height: 1.25; }
.book .subtitle { font-style: italic; }
.book .meta { color: var(--muted); font-size: 14px; }
.note { padding: 8px 12px; border-radius: 4px; margin: 8px 0 0; }
.note.held { background: #eef7f0; border-left: 4px solid var(--ok); }
.note.pooled { background: #eef3f7; border-left: 4px solid var(--accent); }
.note.problem { background: #fdf0f0; border-left: 4px solid var(--bad); }
.status { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 13px; font-weight: 600; background: #e7edf2; color: #17405e; white-space: nowrap; }
.status.closed { background: #ececec; color: #333; }
.status.active { background: #e3f1e7; color: #155d30; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
ol.timeline li { position: relative; padding: 0 0 14px 18px; }
ol.timeline li::before { content: ""; position: absolute; left: -8px; top: 6px; width: 13px; height: 13px; border-radius: 50%; background: var(--accent); }
ol.timeline time { color: var(--muted); font-size: 14px; display: block; }
ol.entries { list-style: none; padding: 0; margin: 0; }
ol.entries h2 { margin: 0 0 4px; font-size: 20px; }
ol.entries p { margin: 6px 0; }
nav.pager { margin: 16px 0; }
table.list { width: 100%; border-collapse: collapse; background: var(--paper); font-size: 15px; }
table.list caption { text-align: left; font-weight: 600; padding: 6px 0; }
table.list th, table.list td { border-bottom: 1px solid var(--line); padding: 8px 8px; text-align: left; vertical-align: top; }
table.list thead th { background: #eef0ee; font-size: 14px; }
table.list td.num, table.list th.num { text-align: right; white-space: nowrap; }
table.list .reason { color: var(--muted); font-size: 14px; display: block; max-width: 46ch; }
table.list tr.over td { background: #fafafa; color: #5c5c5c; }
table.list tr.cut td { background: #fff4e5; color: var(--warn); font-weight: 700; text-align: center; border-top: 2px dashed var(--warn); border-bottom: 2px dashed var(--warn); }
.flags { display: flex; gap: 4px; flex-wrap: wrap; margin-top: 4px; }
.flag { font-size: 12px; border: 1px solid var(--warn); color: var(--warn); border-radius: 3px; padding: 0 5px; }
details.components summary { cursor: pointer; color: var(--accent); }
details.components dl { display: grid; grid-template-columns: auto auto; gap: 2px 12px; margin: 6px 0 0; font-size: 13px; }
details.components dd { margin: 0; text-align: right; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; }
.actions form { margin: 0; }
details.reject { display: inline-block; }
details.reject summary { list-style: none; cursor: pointer; }
details.reject summary::-webkit-details-marker { display: none; }
details.reject[open] { display: block; margin-top: 6px; }
table.list thead th a.sort { color: var(--accent-dark); }
.upload-progress { margin-top: 12px; }
.upload-progress progress { width: 100%; height: 18px; }
.pager { display: flex; gap: 16px; align-items: center; margin: 12px 0; }
.budget { margin: 10px 0 18px; }
.budget meter { width: 100%; height: 22px; }
.budget p { margin: 4px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: flex-end; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.filters .field { margin: 0; }
.bulk { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; margin: 12px 0; }
.downloads { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin: 12px 0; }
.downloads form { display: flex; gap: 6px; align-items: center; margin: 0; }
.downloads label { font-size: 14px; }
.chart { width: 100%; border-collapse: collapse; font-size: 14px; }
.chart th { text-align: left; font-weight: 400; padding: 4px 8px 4px 0; width: 34%; }
.chart td { padding: 3px 0; }
.chart .bar { display: block; height: 12px; background: var(--accent); min-width: 2px; }
.chart .bar.previous { background: #9fb8cc; }
.chart .value { font-size: 12px; color: #333; }
.chart .pair { display: grid; grid-template-columns: 1fr 4ch; gap: 0 6px; align-items: center; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 0; }
.figures .figure { margin: 0; }
.figures dt { font-size: 14px; color: var(--muted); }
.figures dd { margin: 0; }
.figures dd strong { display: block; font-size: 28px; line-height: 1.2; }
.figures dd .muted { font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; margin-top: 12px; }
.svg-chart { position: relative; overflow: hidden; margin: 0; min-width: 0; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.svg-chart figcaption { font-weight: 600; margin-bottom: 6px; }
.svg-chart svg { display: block; height: auto; }
.tabs { display: flex; gap: 4px; border-bottom: 2px solid var(--line); margin: 0 0 16px; }
.tabs a { padding: 6px 12px; text-decoration: none; border-radius: 4px 4px 0 0; }
.tabs a[aria-current="page"] { background: var(--paper); border: 2px solid var(--line); border-bottom-color: var(--paper); margin-bottom: -2px; color: var(--ink); font-weight: 600; }
.legend { font-size: 13px; color: var(--muted); }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 4px; background: var(--accent); }
.legend span.previous::before { background: #9fb8cc; }
.people { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 10px; }
.people form { margin: 0; }
.people button { width: 100%; text-align: left; background: var(--paper); color: var(--ink); border-color: var(--line); font-weight: 400; }
.people button:hover { background: #eef3f7; color: var(--ink); }
.people button strong { display: block; }
dl.card { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; }
dl.card dt { font-weight: 600; }
dl.card dd { margin: 0; }
code, samp { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .9em; background: var(--wash); padding: 0 3px; border-radius: 3px; }
code.option { color: var(--muted); font-weight: 400; }
.scroll { overflow-x: auto; }
table.grid { border-collapse: collapse; background: var(--paper); font-size: 14px; }
table.grid caption { text-align: left; font-weight: 600; padding: 6px 0; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.grid thead th { background: #eef0ee; }
.outcome dl.card { max-width: 480px; }
.muted { color: var(--muted); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer.site { text-align: center; color: var(--muted); font-size: 13px; padding: 16px; }
@media (max-width: 700px) {
  table.list thead { display: none; }
  table.list, table.list tbody, table.list tr, table.list td { display: block; width: 100%; }
  table.list tr { border-bottom: 1px solid var(--line); padding: 8px 0; }
  table.list td { border: 0; padding: 2px 8px; }
  table.list td.num { text-align: left; }
}
`;

export const JS = `
(function () {
  'use strict';
  // Look the ISBN up as the patron types: the server renders the same panel a no-script
  // "Look up" button shows, so both paths read alike to sighted and screen-reader users.
  var isbn = document.getElementById('isbn');
  var panel = document.getElementById('lookup');
  if (isbn && panel) {
    var timer = null, controller = null, last = '';
    var run = function () {
      var value = isbn.value.trim();
      var digits = value.replace(/[^0-9Xx]/g, '');
      if (value === last) return;
      last = value;
      if (controller) controller.abort();
      if (digits.length < 10) { panel.innerHTML = ''; return; }
      controller = new AbortController();
      panel.setAttribute('aria-busy', 'true');
      fetch(panel.getAttribute('data-lookup') + '?isbn=' + encodeURIComponent(value), {
        headers: { accept: 'text/html' }, credentials: 'same-origin', signal: controller.signal
      }).then(function (response) {
        return response.ok || response.status === 422 ? response.text() : '';
      }).then(function (html) {
        panel.innerHTML = html;
        panel.removeAttribute('aria-busy');
      }).catch(function () { panel.removeAttribute('aria-busy'); });
    };
    isbn.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 350); });
    var button = document.getElementById('lookup-button');
    if (button) button.hidden = true;
  }
  // A cover the provider cannot serve is hidden rather than shown broken.
  document.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target.tagName === 'IMG' && target.classList.contains('cover')) target.hidden = true;
  }, true);
  // Bulk actions: a reason is required when the chosen action needs one (a rejection; the
  // server checks it too).
  var bulkTo = document.getElementById('bulk-to');
  var bulkReason = document.getElementById('bulk-reason');
  if (bulkTo && bulkReason) {
    var needsReason = function () {
      var chosen = bulkTo.options[bulkTo.selectedIndex];
      bulkReason.required = Boolean(chosen && chosen.hasAttribute('data-needs-reason'));
    };
    bulkTo.addEventListener('change', needsReason);
    needsReason();
  }
  // An import's upload: the file is sent by the script to show how much has gone, then how far
  // the server has read it (the run's progress), and the answer replaces the page as the plain
  // form's would. Should the request fail, the form is posted as it is.
  document.querySelectorAll('form[data-upload]').forEach(function (form) {
    var box = form.querySelector('.upload-progress');
    if (!box || !window.FormData || !window.XMLHttpRequest) return;
    var bar = box.querySelector('progress');
    var status = box.querySelector('[role="status"]');
    var say = function (template, values) {
      status.textContent = template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
    };
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      var timer = null;
      box.hidden = false;
      say(box.getAttribute('data-sending'), { percent: 0 });
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        say(box.getAttribute('data-sending'), { percent: percent });
      });
      xhr.upload.addEventListener('load', function () {
        bar.removeAttribute('value');
        say(box.getAttribute('data-reading'), { records: 0 });
        timer = setInterval(function () {
          fetch(form.getAttribute('data-upload'), { credentials: 'same-origin', headers: { accept: 'application/json' } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (body) {
              var run = body && body.runs[0];
              if (run) say(box.getAttribute('data-reading'), { records: run.records });
            })
            .catch(function () {});
        }, 400);
      });
      xhr.addEventListener('load', function () {
        clearInterval(timer);
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener('error', function () {
        clearInterval(timer);
        form.submit();
      });
      xhr.open('POST', form.action);
      xhr.send(new FormData(form));
    });
  });
  // Bulk actions: one box selects every title on the page.
  var all = document.getElementById('select-all');
  if (all) {
    all.hidden = false;
    all.closest('label').hidden = false;
    all.addEventListener('change', function () {
      document.querySelectorAll('input[name="title"][form="bulk"]').forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
`;

/** The tab's icon: an open book, in the pages' own blue. */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#1f5f8b"/>
<path fill="#fff" d="M5 9.5c3.5-1.6 7.5-1.4 10 .8V25c-2.6-2-6.5-2.2-10-.7zM27 9.5c-3.5-1.6-7.5-1.4-10 .8V25c2.6-2 6.5-2.2 10-.7z"/>
</svg>
`;

/** A short content hash, so pages can ask for the assets with a far-future cache lifetime. */
export function assetVersion(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0).toString(36);
}

export const ASSETS = {
  'app.css': { body: CSS, type: 'text/css; charset=utf-8', version: assetVersion(CSS) },
  'app.js': { body: JS, type: 'text/javascript; charset=utf-8', version: assetVersion(JS) },
  'icon.svg': { body: ICON, type: 'image/svg+xml', version: assetVersion(ICON) },
} as const;
