import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A copy of shared/data/equating (ACTmath, KBneat from the R package equate) kept in the repo, so a clean clone tests alone. */
export const DATASETS_PATH = fileURLToPath(
  new URL('../../fixtures/equating/public-equating-datasets.json', import.meta.url),
);

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
    throw new Error(
      `public equating data sets not found at ${DATASETS_PATH}: restore it from shared/data/equating/public-equating-datasets.json`,
    );
  }
  return JSON.parse(readFileSync(DATASETS_PATH, 'utf8')) as PublicDatasets;
}
