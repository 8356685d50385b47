import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** shared/ sits beside the repository: /work/main → /work/shared (and the same in CI's clone). */
export const DATASETS_PATH = fileURLToPath(new URL('../../../../shared/data/equating/public-equating-datasets.json', import.meta.url));

export interface PublicDatasets {
  ACTmath: { scale: number[]; xcount: number[]; ycount: number[] };
  KBneat: {
    total_scale: number[];
    anchor_scale: number[];
    x: { n: number; total: number[]; anchor: number[] };
    y: { n: number; total: number[]; anchor: number[] };
  };
}

/** Loads the public data sets (ACTmath, KBneat); a missing file fails the test with the path to fix. */
export function loadDatasets(): PublicDatasets {
  if (!existsSync(DATASETS_PATH)) {
    throw new Error(`public equating data sets not found at ${DATASETS_PATH}: shared/data/equating/public-equating-datasets.json must sit beside the repository`);
  }
  return JSON.parse(readFileSync(DATASETS_PATH, 'utf8')) as PublicDatasets;
}
