import { requireFlag, optionalFlag, UsageError, type Flags } from '../args';
import { staffApi } from './staff-api';

interface ReportRow {
  program: string; window_id: string; stage: string; form_id: string | null;
  analysis: { examinees: number; meanRaw: number; sdRaw: number; kr20: number | null; items: { itemId: string; key: string; role: string; anchor: boolean; p: number; pointBiserial: number | null; optionRates: number[]; flag: { kind: string } | null }[] } | null;
  equating: { method: string; rawCut: number; referenceRawCut: number; maxRaw: number; conversion: number[]; equated: number[]; passed: number; examinees: number } | null;
}

const n = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '—' : v.toFixed(d));
const pad = (s: string, w: number) => s.padEnd(w);

/** The psychometrician's report as text: the item table, the equating result and the conversion table. */
export function reportText(r: ReportRow): string {
  const out = [`${r.program} ${r.window_id} — stage ${r.stage}, form ${r.form_id ?? '—'}`];
  if (r.analysis) {
    const a = r.analysis;
    out.push(`examinees ${a.examinees}, mean raw ${n(a.meanRaw, 2)}, sd ${n(a.sdRaw, 2)}, KR-20 ${n(a.kr20)}`, '');
    out.push(`${pad('item', 16)}${pad('key', 5)}${pad('role', 16)}${pad('p', 8)}${pad('r', 8)}${pad('A/B/C/omit', 26)}flag`);
    for (const i of a.items) {
      out.push(`${pad(i.itemId, 16)}${pad(i.key, 5)}${pad(i.role + (i.anchor ? '+anchor' : ''), 16)}${pad(n(i.p), 8)}${pad(n(i.pointBiserial), 8)}${pad(i.optionRates.map((x) => n(x, 2)).join('/'), 26)}${i.flag?.kind ?? ''}`);
    }
  }
  if (r.equating) {
    const e = r.equating;
    out.push('', `equating: ${e.method}; reference raw cut ${e.referenceRawCut} → raw cut ${e.rawCut} of ${e.maxRaw}; ${e.passed} of ${e.examinees} pass`, '', `${pad('raw', 6)}${pad('equated', 10)}scaled`);
    e.conversion.forEach((s, raw) => out.push(`${pad(String(raw), 6)}${pad(n(e.equated[raw], 2), 10)}${s}`));
  }
  return `${out.join('\n')}\n`;
}

const windowFlags = (flags: Flags) => ({ program: requireFlag(flags, 'program', 'CPCS or CPMSM').toUpperCase(), windowId: requireFlag(flags, 'window', 'YEAR-SEASON, e.g. 2027-fall') });

/** cli windows create|status|report|decide|approve — through the staff API (see staff-api.ts). */
export async function windowsCommand(words: string[], flags: Flags): Promise<unknown> {
  const call = staffApi(flags);
  const sub = words[0];
  if (sub === 'create') {
    const method = optionalFlag(flags, 'method', 'tucker, levine, chained-linear, frequency-estimation or chained-equipercentile');
    return (await call('POST', '/api/staff/windows', { json: { ...windowFlags(flags), ...(method ? { method } : {}) } })).data;
  }
  const w = windowFlags(flags);
  const path = `/api/staff/windows/${encodeURIComponent(w.program)}/${encodeURIComponent(w.windowId)}`;
  switch (sub) {
    case 'status':
      return (await call('GET', path)).data;
    case 'report':
      process.stdout.write(reportText((await call<ReportRow>('GET', `${path}/report`)).data));
      return undefined;
    case 'decide': {
      const action = requireFlag(flags, 'action', 'accept, rekey or drop');
      const key = optionalFlag(flags, 'key', 'the new key A, B or C (rekey only)');
      return (await call('POST', `${path}/key-decisions`, { json: { decisions: [{ itemId: requireFlag(flags, 'item', 'the flagged item id'), action, ...(key ? { key } : {}) }] } })).data;
    }
    case 'approve': {
      const releaseAt = optionalFlag(flags, 'release-at', 'an ISO instant at most 8 weeks after the close');
      return (await call('POST', `${path}/approval`, { json: releaseAt ? { releaseAt } : {} })).data;
    }
    default:
      throw new UsageError('usage: cli windows create|status|report|decide|approve --program P --window W [--api URL --token T]');
  }
}
