import type { TestingWindowRow } from '../../db/tables/testing-windows';
import { html, type SafeHtml } from '../../lib/html';
import { formTokens } from './form-tokens';
import { page } from './layout';
import { linePlotSvg } from './svg';

interface ItemRow {
  itemId: string;
  key: string;
  role: string;
  anchor: boolean;
  contentArea: string;
  p: number;
  pointBiserial: number | null;
  optionRates: number[];
  flag: { kind: string; reasons: string[] } | null;
}
interface Analysis {
  examinees: number;
  maxRaw: number;
  meanRaw: number;
  sdRaw: number;
  kr20: number | null;
  items: ItemRow[];
}
interface Equating {
  method: string;
  maxRaw: number;
  rawCut: number;
  referenceRawCut: number;
  examinees: number;
  passed: number;
  conversion: number[];
  referenceFormId: string;
  referenceExaminees: number;
  anchorItems: number;
  equated: number[];
  slope: number | null;
  intercept: number | null;
  equatedAtCut: number | null;
}
interface Decision {
  itemId: string;
  action: string;
  key?: string;
  decidedBy: string;
}

const f = (n: number | null | undefined, d = 3) => (n === null || n === undefined ? '—' : n.toFixed(d));
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function windowsListPage(v: { staffName: string; csrf: string; windows: TestingWindowRow[] }): string {
  const rows = v.windows.map(
    (w) =>
      html`<tr><td>${w.program}</td><td>${w.window_id}</td><td>${w.stage}</td><td>${w.form_id ?? ''}</td><td><a href="/staff/windows/${w.program}/${w.window_id}/report">report</a></td></tr>`,
  );
  return page(
    'Testing windows',
    html`<h1>Testing windows</h1>
<form method="post" action="/staff/windows"><input type="hidden" name="_csrf" value="${v.csrf}">
<label for="program">Program</label><select id="program" name="program"><option>CPCS</option><option>CPMSM</option></select>
<label for="windowId">Window (e.g. 2027-fall)</label><input id="windowId" type="text" name="windowId" required pattern="\\d{4}-(spring|summer|fall)">
<button type="submit">Create window</button></form>
<p><a href="/staff/results-imports">Import vendor results</a></p>
<table><thead><tr><th>Program</th><th>Window</th><th>Stage</th><th>Form</th><th></th></tr></thead><tbody>${rows}</tbody></table>`,
    { staffName: v.staffName, csrf: v.csrf },
  );
}

function decisionForm(w: TestingWindowRow, item: ItemRow, decided: Decision | undefined, csrf: string): SafeHtml {
  const action = `/staff/windows/${w.program}/${w.window_id}/key-decisions`;
  return html`<form method="post" action="${action}" style="display:flex;gap:.3rem;align-items:center">${formTokens(csrf)}<input type="hidden" name="itemId" value="${item.itemId}">
<select name="action" aria-label="Decision on ${item.itemId}"><option value="accept">accept</option><option value="rekey">re-key</option><option value="drop">drop</option></select>
<select name="key" aria-label="New key of ${item.itemId}"><option value="">—</option><option>A</option><option>B</option><option>C</option></select>
<button type="submit" style="margin:0">Decide</button>${decided ? html`<small>now: ${decided.action}${decided.key ? ` ${decided.key}` : ''} (${decided.decidedBy})</small>` : ''}</form>`;
}

export function windowReportPage(v: { staffName: string; csrf: string; window: TestingWindowRow }): string {
  const w = v.window;
  const analysis = w.analysis as Analysis | null;
  const equating = w.equating as Equating | null;
  const decisions = (w.decisions as Decision[] | null) ?? [];
  const canDecide = w.stage === 'key-validation' || w.stage === 'awaiting-approval';
  const items = (analysis?.items ?? []).map((i) => {
    const decided = decisions.find((d) => d.itemId === i.itemId);
    return html`<tr${i.flag ? html` style="background:#fff4e5"` : ''}><td>${i.itemId}</td><td>${i.key}</td><td>${i.role}${i.anchor ? ' · anchor' : ''}</td><td>${i.contentArea}</td>
<td>${f(i.p)}</td><td>${f(i.pointBiserial)}</td><td>${i.optionRates.map((r) => pct(r)).join(' / ')}</td>
<td>${i.flag ? `${i.flag.kind}: ${i.flag.reasons.join(', ')}` : ''}</td><td>${i.flag && canDecide ? decisionForm(w, i, decided, v.csrf) : decided ? `${decided.action}${decided.key ? ` ${decided.key}` : ''}` : ''}</td></tr>`;
  });
  const conversion = equating
    ? html`<h2>Equating to the reference form</h2>
<dl><dt>Method</dt><dd>${equating.method} (NEAT, ${equating.anchorItems} common items; reference ${equating.referenceFormId}, ${equating.referenceExaminees} examinees)</dd>
<dt>Reference raw cut</dt><dd>${equating.referenceRawCut}</dd><dt>Raw cut on this form</dt><dd>${equating.rawCut} of ${equating.maxRaw} (equates to ${f(equating.equatedAtCut, 2)})</dd>
${equating.slope !== null ? html`<dt>Line</dt><dd>y = ${f(equating.slope, 4)} x + ${f(equating.intercept, 4)}</dd>` : ''}
<dt>Pass rate</dt><dd>${equating.passed} of ${equating.examinees} (${pct(equating.passed / Math.max(1, equating.examinees))})</dd></dl>
${linePlotSvg({ title: 'Raw to scaled score conversion', points: equating.conversion.map((s, r) => [r, s]), xLabel: 'raw score', yLabel: 'scaled score', guide: { x: equating.rawCut, y: equating.conversion[equating.rawCut]! } })}
<details><summary>Conversion table</summary><table><thead><tr><th>Raw</th><th>Equated (reference raw)</th><th>Scaled</th></tr></thead><tbody>
${equating.conversion.map((s, r) => html`<tr><td>${r}</td><td>${f(equating.equated[r], 2)}</td><td>${s}</td></tr>`)}</tbody></table></details>`
    : html`<p>No equating yet.</p>`;
  const approval =
    w.stage === 'awaiting-approval'
      ? html`<h2>Approval</h2><form method="post" action="/staff/windows/${w.program}/${w.window_id}/approval">${formTokens(v.csrf)}
<label for="releaseAt">Release time (ISO, empty = 6 weeks after close; a time already passed releases at once)</label><input id="releaseAt" type="text" name="releaseAt" placeholder="2027-05-23T14:00:00Z">
<button type="submit">Approve the conversion</button></form>`
      : w.release_at
        ? html`<p>Approved by ${w.approved_by}; scores released ${w.released_at ? `at ${w.released_at.toISOString()}` : `at ${w.release_at.toISOString()}`}.</p>`
        : '';
  return page(
    `Report ${w.program} ${w.window_id}`,
    html`<h1>${w.program} ${w.window_id}: psychometric report</h1>
<dl><dt>Stage</dt><dd>${w.stage}</dd><dt>Form</dt><dd>${w.form_id ?? '—'}</dd><dt>Closed</dt><dd>${w.closed_at ? w.closed_at.toISOString() : '—'}</dd>
${analysis ? html`<dt>Examinees</dt><dd>${analysis.examinees}</dd><dt>Mean raw (SD)</dt><dd>${f(analysis.meanRaw, 2)} (${f(analysis.sdRaw, 2)}) of ${analysis.maxRaw}</dd><dt>KR-20</dt><dd>${f(analysis.kr20)}</dd>` : ''}</dl>
${conversion}${approval}
<h2>Items</h2>${analysis ? html`<table><thead><tr><th>Item</th><th>Key</th><th>Role</th><th>Area</th><th>p</th><th>r (corrected)</th><th>A / B / C / omit</th><th>Flag</th><th>Decision</th></tr></thead><tbody>${items}</tbody></table>` : html`<p>Item analysis runs when the window closes.</p>`}`,
    { staffName: v.staffName, csrf: v.csrf },
  );
}
