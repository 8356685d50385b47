import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json: the same answer from src/ under tsx and from the built dist/ bundles. */
export function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
