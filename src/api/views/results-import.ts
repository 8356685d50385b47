import { html, type SafeHtml } from '../../lib/html';
import type { ImportReport } from '../../results-import/import';
import { page } from './layout';

export function importUploadPage(v: { staffName: string; csrf: string }): string {
  return page(
    'Import results',
    html`<h1>Import vendor results</h1>
<p>A CSV file: <code>application_id</code> (or <code>candidate_id</code>), <code>form_id</code>, <code>tested_on</code>, then one column per item
or one <code>responses</code> column of letters A, B, C (<code>-</code> or empty when omitted). Every row is checked; a file with any wrong row stores nothing.</p>
<form method="post" action="/staff/results-imports" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${v.csrf}"><label for="file">Results file</label><input id="file" type="file" name="file" accept=".csv,text/csv" required>
<button type="submit">Import</button></form>`,
    { staffName: v.staffName, csrf: v.csrf },
  );
}

export function importReportPage(r: ImportReport, staffName: string): string {
  const rows = r.errors.map(
    (e) => html`<tr><td>${e.line}</td><td>${e.applicationId ?? ''}</td><td>${e.code}</td><td>${e.message}</td></tr>`,
  );
  return page(
    'Import report',
    html`<h1>${r.status === 'accepted' ? 'Results imported' : 'Results not imported'}</h1>
<dl><dt>Import</dt><dd>${r.importId}</dd><dt>Rows</dt><dd>${r.rows}</dd><dt>Stored</dt><dd>${r.accepted}</dd>${r.replayOf ? html`<dt>Note</dt><dd>This file was imported before; nothing was stored again.</dd>` : ''}${signallingRows(r)}</dl>
${r.errors.length ? html`<p>Nothing from this file was stored. Correct these rows and import the whole file again.</p><table><thead><tr><th>Line</th><th>Application</th><th>Problem</th><th>Detail</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<p><a href="/staff/results-imports">Import another file</a></p>`,
    { staffName },
  );
}

/** Candidates are told after the answer, by the import's workflow: say how far it got and what staff can do. */
function signallingRows(r: ImportReport): SafeHtml | '' {
  const g = r.signalling;
  if (!g) return '';
  const ended = g.noWorkflow.length
    ? html` ${g.noWorkflow.length} application(s) had already ended (withdrawn or closed): their result is stored, nobody was waiting for it.`
    : '';
  const state = {
    complete: html`Done: every candidate with a stored result has been told.${ended}`,
    'in-progress': html`${g.pending} still to tell, in the background (workflow ${g.workflowId}). <a href="/staff/results-imports/${r.importId}">Check progress</a>.`,
    stalled: html`${g.pending} not told yet and nothing is telling them: import the same file again to finish (nothing is stored twice).`,
  }[g.state];
  return html`<dt>Candidates told</dt><dd>${r.signalled ?? 0} of ${r.accepted}</dd><dt>Telling candidates</dt><dd>${state}</dd>`;
}
