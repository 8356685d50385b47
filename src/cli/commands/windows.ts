import { optionalFlag, requireFlag, type FlagHints, type Flags } from '../args';
import type { Command } from '../command';
import { staffApi, staffApiFlags } from './staff-api';

interface ReportRow {
  program: string;
  window_id: string;
  stage: string;
  form_id: string | null;
  analysis: {
    examinees: number;
    meanRaw: number;
    sdRaw: number;
    kr20: number | null;
    items: {
      itemId: string;
      key: string;
      role: string;
      anchor: boolean;
      p: number;
      pointBiserial: number | null;
      optionRates: number[];
      flag: { kind: string } | null;
    }[];
  } | null;
  equating: {
    method: string;
    rawCut: number;
    referenceRawCut: number;
    maxRaw: number;
    conversion: number[];
    equated: number[];
    passed: number;
    examinees: number;
  } | null;
}

const n = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '—' : v.toFixed(d));
const pad = (s: string, w: number) => s.padEnd(w);

/** The psychometrician's report as text: the item table, the equating result and the conversion table. */
export function reportText(r: ReportRow): string {
  const out = [`${r.program} ${r.window_id} — stage ${r.stage}, form ${r.form_id ?? '—'}`];
  if (r.analysis) {
    const a = r.analysis;
    out.push(`examinees ${a.examinees}, mean raw ${n(a.meanRaw, 2)}, sd ${n(a.sdRaw, 2)}, KR-20 ${n(a.kr20)}`, '');
    out.push(
      `${pad('item', 16)}${pad('key', 5)}${pad('role', 16)}${pad('p', 8)}${pad('r', 8)}${pad('A/B/C/omit', 26)}flag`,
    );
    for (const i of a.items) {
      out.push(
        `${pad(i.itemId, 16)}${pad(i.key, 5)}${pad(i.role + (i.anchor ? '+anchor' : ''), 16)}${pad(n(i.p), 8)}${pad(n(i.pointBiserial), 8)}${pad(i.optionRates.map((x) => n(x, 2)).join('/'), 26)}${i.flag?.kind ?? ''}`,
      );
    }
  }
  if (r.equating) {
    const e = r.equating;
    out.push(
      '',
      `equating: ${e.method}; reference raw cut ${e.referenceRawCut} → raw cut ${e.rawCut} of ${e.maxRaw}; ${e.passed} of ${e.examinees} pass`,
      '',
      `${pad('raw', 6)}${pad('equated', 10)}scaled`,
    );
    e.conversion.forEach((s, raw) => out.push(`${pad(String(raw), 6)}${pad(n(e.equated[raw], 2), 10)}${s}`));
  }
  return `${out.join('\n')}\n`;
}

const HINTS: FlagHints = {
  program: 'CPCS or CPMSM',
  window: 'YEAR-SEASON, e.g. 2027-fall',
  method: 'tucker, levine, chained-linear, frequency-estimation or chained-equipercentile',
  item: 'the flagged item id',
  action: 'accept, rekey or drop',
  key: 'the new key A, B or C (rekey only)',
  'release-at': 'an ISO instant (default 6 weeks after the close; a time already passed releases at once)',
};
const flagsOf = (...names: string[]): FlagHints => ({
  ...Object.fromEntries(names.map((n) => [n, HINTS[n]!])),
  ...staffApiFlags,
});

function windowOf(flags: Flags) {
  const w = {
    program: requireFlag(flags, 'program', HINTS.program!).toUpperCase(),
    windowId: requireFlag(flags, 'window', HINTS.window!),
  };
  return { ...w, path: `/api/staff/windows/${encodeURIComponent(w.program)}/${encodeURIComponent(w.windowId)}` };
}

const WINDOW = '--program P --window W';
const API = '[--api URL --token T]';

/** cli windows create|status|report|decide|approve — through the staff API (see staff-api.ts). */
export const windowsCommand: Command = {
  summary: 'testing windows through the staff API: create, status, report, key decisions, equating approval',
  actions: {
    create: {
      usage: `windows create ${WINDOW} [--method M] ${API}`,
      flags: flagsOf('program', 'window', 'method'),
      run: async (flags) => {
        const call = staffApi(flags);
        const { program, windowId } = windowOf(flags);
        const method = optionalFlag(flags, 'method', HINTS.method!);
        return (
          await call('POST', '/api/staff/windows', { json: { program, windowId, ...(method ? { method } : {}) } })
        ).data;
      },
    },
    status: {
      usage: `windows status ${WINDOW} ${API}`,
      flags: flagsOf('program', 'window'),
      run: async (flags) => (await staffApi(flags)('GET', windowOf(flags).path)).data,
    },
    report: {
      usage: `windows report ${WINDOW} ${API}`,
      flags: flagsOf('program', 'window'),
      run: async (flags) => {
        const call = staffApi(flags);
        process.stdout.write(reportText((await call<ReportRow>('GET', `${windowOf(flags).path}/report`)).data));
        return undefined;
      },
    },
    decide: {
      usage: `windows decide ${WINDOW} --item ID --action accept|rekey|drop [--key A|B|C] ${API}`,
      flags: flagsOf('program', 'window', 'item', 'action', 'key'),
      run: async (flags) => {
        const call = staffApi(flags);
        const { path } = windowOf(flags);
        const action = requireFlag(flags, 'action', HINTS.action!);
        const key = optionalFlag(flags, 'key', HINTS.key!);
        return (
          await call('POST', `${path}/key-decisions`, {
            json: { decisions: [{ itemId: requireFlag(flags, 'item', HINTS.item!), action, ...(key ? { key } : {}) }] },
          })
        ).data;
      },
    },
    approve: {
      usage: `windows approve ${WINDOW} [--release-at ISO] ${API}`,
      flags: flagsOf('program', 'window', 'release-at'),
      run: async (flags) => {
        const call = staffApi(flags);
        const { path } = windowOf(flags);
        const releaseAt = optionalFlag(flags, 'release-at', HINTS['release-at']!);
        return (await call('POST', `${path}/approval`, { json: releaseAt ? { releaseAt } : {} })).data;
      },
    },
  },
};
