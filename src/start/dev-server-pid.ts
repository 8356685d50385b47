import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { commandLineOf, exited, isRunning, parentOf, startTicksOf } from '../lib/processes';

/** What `DATA_DIR/temporal-dev-server.json` records of the dev server `npm start` started. */
interface DevServerRecord {
  pid: number;
  startTicks?: string;
  dbFilename: string;
  /** The `npm start` that started it: while that one lives, the dev server is not an orphan. */
  parentPid: number;
}

const recordFile = (dataDir: string) => join(dataDir, 'temporal-dev-server.json');

export function recordDevServer(dataDir: string, pid: number, dbFilename: string): void {
  const record: DevServerRecord = { pid, startTicks: startTicksOf(pid), dbFilename, parentPid: process.pid };
  writeFileSync(recordFile(dataDir), `${JSON.stringify(record, null, 2)}\n`);
}

export function forgetDevServer(dataDir: string): void {
  rmSync(recordFile(dataDir), { force: true });
}

function readRecord(dataDir: string): DevServerRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(dataDir), 'utf8')) as DevServerRecord;
  } catch {
    return undefined;
  }
}

/** Ours: the same process (start time), the `temporal` binary, serving this folder's database, and orphaned. */
function isOurOrphan(r: DevServerRecord, dbFilename: string): boolean {
  if (!Number.isInteger(r.pid) || r.pid <= 1 || !isRunning(r.pid)) return false;
  if (r.startTicks !== undefined && startTicksOf(r.pid) !== r.startTicks) return false;
  const argv = commandLineOf(r.pid);
  if (!argv || !basename(argv[0] ?? '').startsWith('temporal') || !argv.includes(dbFilename)) return false;
  return !(parentOf(r.pid) === r.parentPid && isRunning(r.parentPid));
}

/**
 * After a crash of `npm start` its dev server lives on, holding the ports and the database: the next start (which
 * holds the instance lock, so no other start owns it) stops it — SIGTERM, then SIGKILL after a grace period. A pid
 * that is anything else is left alone.
 */
export async function stopOrphanedDevServer(
  dataDir: string,
  dbFilename: string,
  say: (line: string) => void,
  graceMs = 10_000,
): Promise<void> {
  const record = readRecord(dataDir);
  if (!record) return;
  if (isOurOrphan(record, dbFilename)) {
    say(`Stopping the Temporal dev server left running by an earlier start (pid ${record.pid}) …`);
    process.kill(record.pid, 'SIGTERM');
    if (!(await exited(record.pid, graceMs))) {
      process.kill(record.pid, 'SIGKILL');
      if (!(await exited(record.pid, 5_000)))
        throw new Error(
          `The Temporal dev server left by an earlier start (pid ${record.pid}) does not stop; stop it by hand.`,
        );
    }
  }
  forgetDevServer(dataDir);
}
