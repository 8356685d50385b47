// Small helpers the benchmarks share: a bounded pool, polling until a condition holds, percentiles, a table.

/** Runs `f` over `items` with at most `width` calls in flight (a pool, not batches: one slow call holds one slot). */
export async function forEachConcurrently<T>(
  items: readonly T[],
  width: number,
  f: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await f(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/**
 * Polls `check` until it returns true; on timeout throws with the last thing it said. A check that throws (its
 * server restarting under bench/chaos.ts) is asked again; its error is the last thing it said.
 */
export async function waitUntil(
  label: string,
  check: () => Promise<true | string>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const answer = await check().catch((err: unknown) => `failed: ${err instanceof Error ? err.message : String(err)}`);
    if (answer === true) return;
    last = answer;
    if (Date.now() > deadline)
      throw new Error(`${label}: not reached within ${Math.round(timeoutMs / 1000)} s (${last})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} needs a positive number, got "${String(args[i + 1])}"`);
  return value;
}

/** A plain-text table with right-aligned numbers, for stderr. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const mb = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);
