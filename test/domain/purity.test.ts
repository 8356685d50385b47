import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/architecture.md: "domain imports nothing of ours … No I/O, no Date.now(): time is a parameter. Safe to import from workflows."
const dir = join(__dirname, '../../src/domain');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('the rules engine is pure and safe to import from workflows', () => {
  it.each(files)('%s imports only sibling domain files, extensionless', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const [, specifier] of source.matchAll(/from\s+'([^']+)'/g)) {
      expect(specifier).toMatch(/^\.\/[\w-]+$/);
    }
  });

  it.each(files)('%s reads no clock, randomness, time zone database or process', (file) => {
    const source = readFileSync(join(dir, file), 'utf8').replace(/\/\/.*$/gm, '');
    expect(source).not.toMatch(/Date\.now|new Date\(\s*\)|Math\.random|Intl\.|process\.|require\(/);
  });
});
