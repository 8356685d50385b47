import type { FormSummaryRow } from '../../db/tables/exam-forms';
import type { FormImportResult } from '../../forms/import';
import { MIN_ANCHOR_ITEMS } from '../../forms/import-schema';
import { html } from '../../lib/html';
import { page } from './layout';

type Outcome = { ok: true; result: FormImportResult } | { ok: false; message: string; fields: Record<string, string> };

function outcomeOf(o: Outcome | undefined) {
  if (!o) return '';
  if (o.ok) {
    const f = o.result.form;
    return html`<p role="status"><strong>${o.result.status === 'created' ? `Form ${f.formId} loaded` : `Form ${f.formId} was already loaded; nothing changed`}</strong>:
${f.program}, ${f.role}, April ${f.assembledInAprilOf}, ${f.items} items (${f.scored} scored, ${f.anchors} anchors).</p>`;
  }
  const rows = Object.entries(o.fields).map(
    ([path, message]) => html`<tr><td><code>${path}</code></td><td>${message}</td></tr>`,
  );
  return html`<div class="error-summary" role="alert"><p><strong>${o.message}</strong></p>
${rows.length ? html`<p>Nothing was stored. Correct these and upload the whole document again.</p><table><thead><tr><th>Where</th><th>What to fix</th></tr></thead><tbody>${rows}</tbody></table>` : ''}</div>`;
}

export function formsPage(v: { staffName: string; csrf: string; forms: FormSummaryRow[]; outcome?: Outcome }): string {
  const rows = v.forms.map(
    (f) =>
      html`<tr><td>${f.id}</td><td>${f.program}</td><td>${f.reference ? 'reference' : 'assembly'}</td><td>${f.assembled_year}</td><td>${f.items}</td><td>${f.scored}</td><td>${f.anchors}</td><td>${f.raw_cut ?? '—'}</td><td>${f.reference ? f.examinees : '—'}</td></tr>`,
  );
  return page(
    'Exam forms',
    html`<h1>Exam forms</h1>
${outcomeOf(v.outcome)}
<p>Load a real form as one JSON document: <code>formId</code>, <code>program</code>, <code>assembledInAprilOf</code>, <code>role</code>
(<code>reference</code> or <code>assembly</code>), <code>items</code> (<code>id</code>, <code>key</code> A/B/C, <code>scored</code>,
<code>anchor</code>, <code>contentArea</code>, in delivery order), and for the reference form its <code>rawCut</code> and
<code>referenceResponses</code> (one string of A, B, C or - per examinee). At least ${MIN_ANCHOR_ITEMS} anchor items; an assembly form's
anchors are items of the reference form with the same key. A loaded form never changes.</p>
<form method="post" action="/staff/forms" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${v.csrf}"><label for="file">Form document (JSON)</label><input id="file" type="file" name="file" accept=".json,application/json" required>
<button type="submit">Load form</button></form>
<h2>Loaded forms</h2>
${v.forms.length ? html`<table><thead><tr><th>Form</th><th>Program</th><th>Role</th><th>April of</th><th>Items</th><th>Scored</th><th>Anchors</th><th>Raw cut</th><th>Reference group</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>No form is loaded yet.</p>`}
<p><a href="/staff/windows">Testing windows</a></p>`,
    { staffName: v.staffName, csrf: v.csrf },
  );
}
