import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const architecture = normalise(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8'));

function normalise(text: string): string {
  return text.replace(/[`*]/g, '').replace(/\s+/g, ' ').toLowerCase();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'histories' ? [] : sourceFiles(path);
    return /\.(ts|js|cjs)$/.test(name) ? [path] : [];
  });
}

const files = ['src', 'test', 'bench']
  .flatMap((d) => sourceFiles(join(root, d)))
  .concat(join(root, 'eslint.config.js'));

/** A citation and the comment text after it, joined across the comment's following lines. */
function citations(file: string): { where: string; quote: string }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    const at = line.indexOf('docs/architecture.md');
    if (at < 0) return [];
    const following = lines
      .slice(i + 1, i + 3)
      .filter((l) => /^\s*(\/\/|\*)/.test(l))
      .map((l) => l.replace(/^\s*(\/\/|\*)\s?/, ''));
    const text = [line.slice(at), ...following].join(' ');
    const quote = /"([^"]{12,})"/.exec(text)?.[1];
    return quote ? [{ where: `${file.slice(root.length + 1)}:${i + 1}`, quote }] : [];
  });
}

describe('comments that cite the architecture document', () => {
  it('quote sentences that are in docs/architecture.md', () => {
    const all = files.flatMap(citations);
    expect(all.length).toBeGreaterThan(10);
    const missing = all.filter((c) => !architecture.includes(normalise(c.quote).replace(/….*/, '').trim()));
    expect(missing).toEqual([]);
  });

  it('never point outside the repository, nor do the README and docs', () => {
    const docs = readdirSync(join(root, 'docs')).map((name) => join(root, 'docs', name));
    const outside = [...files, ...docs, join(root, 'README.md'), join(root, 'bench', 'README.md')]
      .filter((f) => f !== import.meta.filename)
      .filter((f) => /DESIGN\.md|\.\.\/shared\//.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => f.slice(root.length + 1))).toEqual([]);
  });
});
