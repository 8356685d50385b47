/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: the API needs one histogram and a few
 * gauges computed at scrape time, which is less code than a client library's registry (docs/operations.md).
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Record<string, string>;
export interface Sample {
  labels?: Labels;
  value: number;
}

/** One gauge family: HELP, TYPE and a line per sample. */
export function gauge(name: string, help: string, samples: Sample[]): string {
  return [header(name, 'gauge', help), ...samples.map((s) => line(name, s.labels ?? {}, s.value))].join('\n');
}

/** A histogram with fixed buckets and one series per label set, cumulative as Prometheus expects. */
export class Histogram {
  private readonly series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 }));
    this.bounds.forEach((bound, i) => value <= bound && s.buckets[i]!++);
    s.sum += value;
    s.count++;
  }

  render(): string {
    const lines = [header(this.name, 'histogram', this.help)];
    for (const s of this.series.values()) {
      this.bounds.forEach((bound, i) =>
        lines.push(line(`${this.name}_bucket`, { ...s.labels, le: formatValue(bound) }, s.buckets[i]!)),
      );
      lines.push(line(`${this.name}_bucket`, { ...s.labels, le: '+Inf' }, s.count));
      lines.push(line(`${this.name}_sum`, s.labels, s.sum));
      lines.push(line(`${this.name}_count`, s.labels, s.count));
    }
    return lines.join('\n');
  }
}

/** The families of one scrape, ending with the newline the format requires. */
export function exposition(families: string[]): string {
  return `${families.join('\n')}\n`;
}

function header(name: string, type: 'gauge' | 'histogram', help: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}`;
}

function line(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
