import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

export const repoPolicyText = readFileSync('config/policy.yaml', 'utf8');

/** The repository's policy file with keys set (a path like ['examFeeUsd', 'member']) or, for undefined, removed. */
export function policyYamlWith(...changes: [(string | number)[], unknown][]): string {
  const doc = parseDocument(repoPolicyText);
  for (const [path, value] of changes) {
    if (value === undefined) doc.deleteIn(path);
    else doc.setIn(path, value);
  }
  return doc.toString();
}

/** A policy file of the test's own, rewritten in place by `write` as an operator would edit it. */
export function policyFileOfTest(): { path: string; write(yaml: string): void } {
  const path = join(mkdtempSync(join(tmpdir(), 'certflow-policy-')), 'policy.yaml');
  return { path, write: (yaml) => writeFileSync(path, yaml) };
}
