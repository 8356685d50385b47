import { expect } from 'vitest';

const sampleLine =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/;

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Reads the Prometheus text format strictly: every sample line well formed and under a TYPE line of its family,
 * histogram buckets cumulative and ending in +Inf equal to _count. Fails the test on the first violation.
 */
export function parsePrometheusText(text: string): ParsedSample[] {
  expect(text.endsWith('\n'), 'the exposition ends with a newline').toBe(true);
  const types = new Map<string, string>();
  const samples: ParsedSample[] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      expect(types.has(type[1]!), `${type[1]} declared twice`).toBe(false);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = sampleLine.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const name = m![1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(family), `${name} has no TYPE line before it`).toBe(true);
    const labels = Object.fromEntries(
      [...(m![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    samples.push({ name, labels, value: Number(m![3]!.replace('+Inf', 'Infinity')) });
  }
  for (const [family, type] of types) if (type === 'histogram') expectCumulative(family, samples);
  return samples;
}

function expectCumulative(family: string, samples: ParsedSample[]): void {
  const key = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== 'le')
        .sort(),
    );
  const series = new Map<string, ParsedSample[]>();
  for (const s of samples.filter((x) => x.name === `${family}_bucket`))
    series.set(key(s.labels), [...(series.get(key(s.labels)) ?? []), s]);
  for (const [labels, buckets] of series) {
    const counts = buckets.map((b) => b.value);
    expect(counts, `${family}${labels} buckets are cumulative`).toEqual([...counts].sort((a, b) => a - b));
    expect(buckets.at(-1)!.labels.le).toBe('+Inf');
    const count = samples.find((s) => s.name === `${family}_count` && key(s.labels) === labels);
    expect(count?.value, `${family}${labels}: +Inf bucket equals _count`).toBe(counts.at(-1));
  }
}
