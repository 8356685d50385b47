import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, startTicksOf } from '../../src/lib/processes';
import { recordDevServer, stopOrphanedDevServer } from '../../src/start/dev-server-pid';
import { acquireInstanceLock, InstanceLockedError } from '../../src/start/instance-lock';
import { checkPortsFree } from '../../src/start/ports';

const folder = () => mkdtempSync(join(tmpdir(), 'certflow-preflight-'));
const spawned: ChildProcess[] = [];
afterAll(() => spawned.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));

/** A pid that no process has any more. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** A long-lived process whose argv[0] is `argv0` and whose other arguments are `args` (as `temporal server start-dev …` would be). */
async function longLived(
  argv0: string,
  args: string[],
  options: { ignoreSigterm?: boolean } = {},
): Promise<{ child: ChildProcess; exit: Promise<NodeJS.Signals | null> }> {
  const script = `${options.ignoreSigterm ? "process.on('SIGTERM', () => {});" : ''} console.log('up'); setInterval(() => {}, 1000);`;
  const child = spawn(
    'bash',
    ['-c', `exec -a "$0" "${process.execPath}" -e "$1" -- "\${@:2}"`, argv0, script, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  spawned.push(child);
  const exit = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
  await new Promise((r) => child.stdout!.once('data', r));
  return { child, exit };
}

describe('the instance lock: one npm start per data folder', () => {
  it('a second start on the folder is refused with the holder: pid, since when, URL', () => {
    const dir = folder();
    const lock = acquireInstanceLock(dir);
    lock.describe({ url: 'http://127.0.0.1:3999', ports: { PORT: 3999 } });
    const err = (() => {
      try {
        acquireInstanceLock(dir);
      } catch (e) {
        return e;
      }
    })() as InstanceLockedError;
    expect(err).toBeInstanceOf(InstanceLockedError);
    expect(err.holder).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:3999', ports: { PORT: 3999 } });
    expect(err.message).toContain(`pid ${process.pid}, since ${err.holder.startedAt}, at http://127.0.0.1:3999`);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    acquireInstanceLock(dir).release();
  });

  it('takes over a lock whose process is gone, whose pid now names another process, or that cannot be read', () => {
    const stale = [
      { pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z' },
      // This very pid, but not the process that started then: the pid was reused.
      { pid: process.pid, startedAt: '2026-01-01T00:00:00.000Z', startTicks: '1' },
    ];
    for (const content of [...stale.map((s) => JSON.stringify(s)), '{"pid": 12', '']) {
      const dir = folder();
      writeFileSync(join(dir, 'instance.lock'), content);
      const lock = acquireInstanceLock(dir);
      expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({
        pid: process.pid,
        startTicks: startTicksOf(process.pid),
      });
      lock.release();
    }
  });

  it('release leaves alone a lock that another start has taken since', () => {
    const dir = folder();
    const lock = acquireInstanceLock(dir);
    const other = { pid: process.pid, startedAt: '2030-01-01T00:00:00.000Z' };
    writeFileSync(lock.file, JSON.stringify(other));
    lock.release();
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toEqual(other);
  });
});

describe('the ports, before anything starts', () => {
  it('a taken port is named with the variable that sets it; two variables on one port are named both', async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const taken = (holder.address() as { port: number }).port;
    try {
      await expect(
        checkPortsFree([
          { variable: 'PORT', port: taken + 1 === 65536 ? taken - 1 : taken + 1 },
          { variable: 'TEMPORAL_UI_PORT', port: taken, host: '127.0.0.1' },
        ]),
      ).rejects.toThrow(
        `Port ${taken} (TEMPORAL_UI_PORT) is taken by another process: stop it, or set TEMPORAL_UI_PORT to a free port.`,
      );
      // The API listens on every interface: a holder on 127.0.0.1 is found too.
      await expect(checkPortsFree([{ variable: 'PORT', port: taken }])).rejects.toThrow(`Port ${taken} (PORT)`);
    } finally {
      holder.close();
    }
    await expect(
      checkPortsFree([
        { variable: 'PORT', port: 4100 },
        { variable: 'MAILBOX_HTTP_PORT', port: 4100 },
      ]),
    ).rejects.toThrow('PORT and MAILBOX_HTTP_PORT are both 4100');
  });
});

describe('the dev server an earlier start left running', () => {
  const db = (dir: string) => join(dir, 'temporal', 'temporal.sqlite');
  const devServerArgs = (dbFile: string) => ['server', 'start-dev', '--port', '7233', '--db-filename', dbFile];
  const quiet = () => undefined;
  /** What the start that died recorded (its own pid is gone now), with `changes`. */
  function recordLeftBehind(dir: string, pid: number, changes: object = {}): void {
    recordDevServer(dir, pid, db(dir));
    const recorded = JSON.parse(readFileSync(join(dir, 'temporal-dev-server.json'), 'utf8')) as object;
    writeFileSync(
      join(dir, 'temporal-dev-server.json'),
      JSON.stringify({ ...recorded, parentPid: deadPid(), ...changes }),
    );
  }

  it('is stopped with SIGTERM when it is the temporal binary serving this folder, orphaned', async () => {
    const dir = folder();
    const orphan = await longLived('/opt/bin/temporal', devServerArgs(db(dir)));
    recordLeftBehind(dir, orphan.child.pid!);
    await stopOrphanedDevServer(dir, db(dir), quiet);
    expect(await orphan.exit).toBe('SIGTERM');
    expect(existsSync(join(dir, 'temporal-dev-server.json'))).toBe(false);
  });

  it('gets SIGKILL when it ignores SIGTERM past the grace period', async () => {
    const dir = folder();
    const orphan = await longLived('temporal', devServerArgs(db(dir)), { ignoreSigterm: true });
    recordLeftBehind(dir, orphan.child.pid!);
    await stopOrphanedDevServer(dir, db(dir), quiet, 300);
    expect(await orphan.exit).toBe('SIGKILL');
  });

  it('never touches a process that is not ours: another folder, another binary, a reused pid, or a living owner', async () => {
    const dir = folder();
    const cases = [
      { argv0: 'temporal', args: devServerArgs(db(folder())), record: {} },
      { argv0: 'postgres', args: devServerArgs(db(dir)), record: {} },
      { argv0: 'temporal', args: devServerArgs(db(dir)), record: { startTicks: '1' } },
      // Its parent (this test process) still runs: it is some live start's dev server, not an orphan.
      { argv0: 'temporal', args: devServerArgs(db(dir)), record: { parentPid: process.pid } },
    ];
    for (const c of cases) {
      const p = await longLived(c.argv0, c.args);
      recordLeftBehind(dir, p.child.pid!, c.record);
      await stopOrphanedDevServer(dir, db(dir), quiet, 300);
      expect(isRunning(p.child.pid!), `${c.argv0} ${JSON.stringify(c.record)}`).toBe(true);
      // The record pointed at someone else's process: it is dropped, so it is never looked at again.
      expect(existsSync(join(dir, 'temporal-dev-server.json'))).toBe(false);
      p.child.kill('SIGKILL');
    }
  });
});
