import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDatasets } from '../domain/equating/datasets';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'certflow-equate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function inputFile(content: unknown): string {
  const file = join(dir, `input-${fileNo++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Runs the real CLI as staff would: npx tsx src/cli/main.ts equate --input FILE. */
function cli(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'src/cli/main.ts', 'equate', '--input', file], { cwd: repo }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const { ACTmath, KBneat } = loadDatasets();
const randomGroups = (method: string) => ({
  design: 'random-groups',
  method,
  x: { scale: ACTmath.scale, counts: ACTmath.xcount },
  y: { scale: ACTmath.scale, counts: ACTmath.ycount },
});
const neat = (method: string) => ({
  design: 'neat',
  method,
  x: { total: KBneat.x.total, anchor: KBneat.x.anchor },
  y: { total: KBneat.y.total, anchor: KBneat.y.anchor },
  totalScale: [0, 36],
  anchorScale: [0, 12],
  w1: 1,
});

describe('cli equate', () => {
  it('random-groups linear on ACTmath prints every equated score with slope 1.0886 and intercept −2.6320', async () => {
    const { code, stdout } = await cli(inputFile(randomGroups('linear')));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { method: string; equated: number[]; slope: number; intercept: number };
    expect(out.method).toBe('linear');
    expect(out.equated).toHaveLength(41);
    expect(out.slope).toBeCloseTo(1.088621503, 9);
    expect(out.intercept).toBeCloseTo(-2.631970777, 9);
  });

  it('random-groups equipercentile prints no slope or intercept', async () => {
    const { code, stdout } = await cli(inputFile(randomGroups('equipercentile')));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['equated', 'method']);
    expect((out.equated as number[])[20]).toBeCloseTo(19.164721, 6);
  });

  it('NEAT Tucker on KBneat (w1 = 1) prints 37 scores on the Y scale, slope 1.028948, intercept 0.536778', async () => {
    const { code, stdout } = await cli(inputFile(neat('tucker')));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { equated: number[]; slope: number; intercept: number };
    expect(out.equated).toHaveLength(37);
    expect(out.slope).toBeCloseTo(1.0289479837, 9);
    expect(out.intercept).toBeCloseTo(0.5367780039, 9);
  });

  it('NEAT chained equipercentile on KBneat prints the equipercentile table', async () => {
    const { code, stdout } = await cli(inputFile(neat('chained-equipercentile')));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { method: string; equated: number[] };
    expect(out.method).toBe('chained-equipercentile');
    expect(out.equated[18]).toBeCloseTo(18.803571, 6);
  });

  const bad: [string, () => string, RegExp][] = [
    ['an unreadable file', () => join(dir, 'missing.json'), /cannot read --input .*missing\.json: ENOENT/],
    ['invalid JSON', () => inputFile('{"design": "neat",'), /is not valid JSON/],
    [
      'an unknown method',
      () => inputFile({ ...randomGroups('tucker') }),
      /method: method for random-groups must be mean, linear or equipercentile/,
    ],
    [
      'an unknown design',
      () => inputFile({ ...randomGroups('mean'), design: 'single-group' }),
      /design: design must be "random-groups" or "neat"/,
    ],
    [
      'counts whose length differs from the scale',
      () => inputFile({ ...randomGroups('mean'), x: { scale: [0, 1, 2], counts: [1, 2] } }),
      /x\.counts has 2 entries but x\.scale has 3/,
    ],
    [
      'a negative count',
      () => inputFile({ ...randomGroups('mean'), y: { scale: [0, 1, 2], counts: [1, -2, 3] } }),
      /y\.counts\[1\]: counts must not be negative/,
    ],
    [
      'an anchor score out of the anchor scale',
      () => inputFile({ ...neat('levine'), y: { total: [10, 20], anchor: [3, 13] } }),
      /y\.anchor\[1\] is 13; anchor scores must be integers in anchorScale \[0, 12\]/,
    ],
    [
      'total and anchor lists of different lengths',
      () => inputFile({ ...neat('frequency-estimation'), x: { total: [10, 20, 30], anchor: [3, 4] } }),
      /x\.total has 3 scores but x\.anchor has 2/,
    ],
    ['a missing field', () => inputFile({ design: 'neat', method: 'tucker' }), /x is missing/],
    ['w1 outside [0, 1]', () => inputFile({ ...neat('tucker'), w1: 1.5 }), /w1: w1 must be between 0 and 1/],
  ];

  for (const [what, file, message] of bad) {
    it(`exits 2 with a one-line message for ${what}`, async () => {
      const { code, stdout, stderr } = await cli(file());
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
    });
  }
});
