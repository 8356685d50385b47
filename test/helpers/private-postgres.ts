import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

/**
 * A PostgreSQL cluster of this test's own, in a temporary folder on a free port: the shared server on 5432 serves
 * other tests at the same time, so a test that stops or restarts a server does it here. As root (CI, this machine)
 * the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
 */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: every session ends with 57P01, new connections are refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** A shell command line that restarts it in fast mode, for tools that take one (bench/chaos.ts). */
  restartCommand: string;
  /** Stops the server at once and removes its folder. */
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'certflow-pg-'));
  const data = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      root,
      Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    );
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  // Asynchronous, so the test's own clients keep running while the server stops and starts.
  const run = async (tool: string, args: string[]) => {
    await promisify(execFile)(...command(tool, args), { timeout: 60_000 }).catch(
      (err: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${tool} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
      },
    );
  };
  const port = await freePort();
  // Loopback only, the socket in our own folder, and no fsync: this cluster lives for one test file.
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const ctlArgs = (action: string) => [
    '-D',
    data,
    '-l',
    join(root, 'server.log'),
    '-w',
    '-t',
    '30',
    '-m',
    'fast',
    '-o',
    options,
    action,
  ];
  const ctl = (action: string) => run('pg_ctl', ctlArgs(action));
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--no-instructions']);
  // Synchronous, so it also works from the exit hook: a test that dies leaves no server running.
  const destroy = () => {
    if (existsSync(join(data, 'postmaster.pid')))
      spawnSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']));
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', destroy);
  await ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => ctl('stop'),
    start: () => ctl('start'),
    restartCommand: command('pg_ctl', ctlArgs('restart'))
      .flat()
      .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
      .join(' '),
    destroy,
  };
}

/** The newest installed server, as .ci/run picks it; a missing one fails with what to install. */
function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error('PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: apt-get install postgresql');
  return join(base, newest, 'bin');
}
