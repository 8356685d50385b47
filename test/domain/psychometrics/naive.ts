import type { ItemMeta, ResponseMatrix } from '../../../src/domain/psychometrics/index';

/** Pearson r the textbook way, for checking the one-pass sums (null when a variable is constant). */
export function pearson(a: number[], b: number[]): number | null {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

export function matrixOf(rows: number[][]): ResponseMatrix {
  const items = rows[0]!.length;
  return { examinees: rows.length, items, responses: Uint8Array.from(rows.flat()) };
}

export function item(id: string, key: 0 | 1 | 2, extra: Partial<ItemMeta> = {}): ItemMeta {
  return { id, key, role: 'scored', anchor: false, contentArea: 'general', ...extra };
}
