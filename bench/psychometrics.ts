// Close-of-window psychometrics on 100,000 examinees × 175 items, timed beside the floor:
// one plain pass summing the same response matrix, measured in the same run.
// Run: npx tsx bench/psychometrics.ts [--examinees N] [--reps R] [--json-only]
import { performance } from 'node:perf_hooks';
import {
  bivariateFromScores,
  carryRawCut,
  equateNeatTables,
  NEAT_METHODS,
  type EquatingResult,
} from '../src/domain/equating/index';
import {
  analyzeItems,
  buildScoringKey,
  flagItems,
  OMITTED,
  scoreResponses,
  type ItemMeta,
  type KeyDecision,
  type Option,
  type ResponseMatrix,
} from '../src/domain/psychometrics/index';
// mulberry32, the seeded PRNG the simulated forms use: every run builds the same matrix.
import { prng } from '../src/forms/generate';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EXAMINEES = flag('examinees', 100_000);
const REPS = flag('reps', 9);
const JSON_ONLY = args.includes('--json-only');

// CPMSM-like form: 175 items, 150 scored (30 of them anchors) and 25 pretest; three options each.
const ITEMS = 175;
const PRETEST_FROM = 150;
const ANCHORS = 30;
const MISKEYED = [17, 88]; // stored key is wrong for these two, so the flags and re-key path do real work
const REFERENCE_RAW_CUT = 100;

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

interface ItemParams {
  a: number;
  b: number;
  trueKey: Option;
}

function itemParams(rand: () => number): ItemParams[] {
  return Array.from({ length: ITEMS }, () => ({
    a: 0.5 + 1.5 * rand(),
    b: normal(rand),
    trueKey: Math.floor(rand() * 3) as Option,
  }));
}

/** 3PL responses with guessing 1/3, 1% omits; wrong answers split between the two distractors. */
function simulate(params: ItemParams[], examinees: number, abilityMean: number, seed: number): ResponseMatrix {
  const rand = prng(seed);
  const responses = new Uint8Array(examinees * ITEMS);
  for (let e = 0; e < examinees; e++) {
    const theta = abilityMean + normal(rand);
    for (let i = 0; i < ITEMS; i++) {
      const { a, b, trueKey } = params[i]!;
      const p = 1 / 3 + 2 / 3 / (1 + Math.exp(-1.7 * a * (theta - b)));
      const u = rand();
      responses[e * ITEMS + i] = u < 0.01 ? OMITTED : u < p ? trueKey : (trueKey + 1 + (rand() < 0.5 ? 0 : 1)) % 3;
    }
  }
  return { examinees, items: ITEMS, responses };
}

function itemsOf(params: ItemParams[]): ItemMeta[] {
  return params.map((p, i) => ({
    id: `item-${i}`,
    key: (MISKEYED.includes(i) ? (p.trueKey + 1) % 3 : p.trueKey) as Option,
    role: i < PRETEST_FROM ? 'scored' : 'pretest',
    anchor: i < ANCHORS,
    contentArea: `area-${i % 5}`,
  }));
}

/** Stand-in for the rules engine (src/domain/scaled-score.ts, not ours): raw cut → 450, 1-point steps of 5, clamped. */
function conversionTable(maxRaw: number, rawCut: number): Int16Array {
  const table = new Int16Array(maxRaw + 1);
  for (let r = 0; r <= maxRaw; r++) table[r] = Math.max(200, Math.min(800, 450 + 5 * (r - rawCut)));
  return table;
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// ---- build the data (not timed) ----
const params = itemParams(prng(2026));
const items = itemsOf(params);
const matrix = simulate(params, EXAMINEES, 0, 1);
// Reference form: same anchors, an abler group; its stored scores are inputs at close, so they are computed here.
const referenceKey = buildScoringKey(itemsOf(params).map((it, i) => ({ ...it, key: params[i]!.trueKey })));
const reference = scoreResponses(simulate(params, EXAMINEES, 0.2, 2), referenceKey);

let sink = 0;
const stages = [
  'floor: plain pass',
  'item analysis',
  'flags',
  'key + rescoring',
  'equating (5 NEAT methods)',
  'cut + conversion',
  'close total',
] as const;
type Stage = (typeof stages)[number];
const times: Record<Stage, number[]> = Object.fromEntries(stages.map((s) => [s, [] as number[]])) as Record<
  Stage,
  number[]
>;
let lastFlags: { itemId: string; kind: string; suggestedKey: number | null }[] = [];
let lastCut: number | null = null;
let lastMethod: EquatingResult | undefined;

function time<T>(stage: Stage, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  times[stage].push(performance.now() - t0);
  return out;
}

for (let rep = -2; rep < REPS; rep++) {
  // The first two repetitions warm the JIT and are discarded.
  time('floor: plain pass', () => {
    const r = matrix.responses;
    let s = 0;
    for (let k = 0; k < r.length; k++) s += r[k]!;
    sink += s;
  });
  const closeStart = performance.now();
  const key0 = buildScoringKey(items);
  const analysis = time('item analysis', () => analyzeItems(matrix, key0));
  const flags = time('flags', () => flagItems(analysis, items, key0.key));
  // Staff re-key the possible miskeys to the suggested option and accept the rest.
  const decisions: KeyDecision[] = flags.map((f) =>
    f.suggestedKey !== null
      ? { itemId: f.itemId, action: 'rekey', key: f.suggestedKey }
      : { itemId: f.itemId, action: 'accept' },
  );
  const { key, scores } = time('key + rescoring', () => {
    const k = buildScoringKey(items, decisions);
    return { key: k, scores: scoreResponses(matrix, k) };
  });
  const results = time('equating (5 NEAT methods)', () => {
    const x = bivariateFromScores(scores, [0, key.maxRaw], [0, key.maxAnchor], 'new form');
    const y = bivariateFromScores(reference, [0, referenceKey.maxRaw], [0, referenceKey.maxAnchor], 'reference form');
    return NEAT_METHODS.map((m) => equateNeatTables(m, x, y, 1));
  });
  time('cut + conversion', () => {
    const chosen = results[4]!; // chained equipercentile, for instance
    const cut = carryRawCut(chosen, REFERENCE_RAW_CUT);
    const table = conversionTable(key.maxRaw, cut.rawCut ?? key.maxRaw + 1);
    const scaled = new Int16Array(scores.total.length);
    for (let e = 0; e < scaled.length; e++) scaled[e] = table[scores.total[e]!]!;
    sink += scaled[0]!;
    lastCut = cut.rawCut;
    lastMethod = chosen;
  });
  times['close total'].push(performance.now() - closeStart);
  lastFlags = flags.map((f) => ({ itemId: f.itemId, kind: f.kind, suggestedKey: f.suggestedKey }));
  if (rep < 0) for (const s of stages) times[s].pop();
}

const floorMedian = median(times['floor: plain pass']);
const rows = stages.map((s) => ({
  stage: s,
  minMs: Math.min(...times[s]),
  medianMs: median(times[s]),
  timesFloor: median(times[s]) / floorMedian,
}));
const report = {
  examinees: EXAMINEES,
  items: ITEMS,
  cells: EXAMINEES * ITEMS,
  repetitions: REPS,
  node: process.version,
  flaggedItems: lastFlags,
  carriedRawCut: lastCut,
  equatedAtCut: lastMethod ? lastMethod.equated[lastCut ?? 0] : null,
  stages: rows.map((r) => ({
    ...r,
    minMs: +r.minMs.toFixed(2),
    medianMs: +r.medianMs.toFixed(2),
    timesFloor: +r.timesFloor.toFixed(2),
  })),
  sink: sink % 1000,
};

if (!JSON_ONLY) {
  console.log(
    `psychometrics at close: ${EXAMINEES.toLocaleString('en-US')} examinees × ${ITEMS} items, ${REPS} repetitions (min / median ms)`,
  );
  console.log(`${'stage'.padEnd(28)}${'min ms'.padStart(10)}${'median ms'.padStart(12)}${'× floor'.padStart(10)}`);
  for (const r of rows) {
    console.log(
      `${r.stage.padEnd(28)}${r.minMs.toFixed(2).padStart(10)}${r.medianMs.toFixed(2).padStart(12)}${r.timesFloor.toFixed(2).padStart(10)}`,
    );
  }
  console.log(
    `flagged items: ${lastFlags.map((f) => `${f.itemId} (${f.kind})`).join(', ')}; reference raw cut ${REFERENCE_RAW_CUT} → new-form raw cut ${String(lastCut)}`,
  );
}
console.log(JSON.stringify(report));
