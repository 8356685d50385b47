import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRunning, startTicksOf } from '../lib/processes';

/** What `DATA_DIR/instance.lock` says of the `npm start` that holds the folder. */
export interface LockHolder {
  pid: number;
  startedAt: string;
  /** The pid's start time per /proc, so a later process that reuses the pid is not taken for the holder. */
  startTicks?: string;
  url?: string;
  ports?: Record<string, number>;
}

export class InstanceLockedError extends Error {
  override name = 'InstanceLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const since = holder.startedAt;
    super(
      `certflow is already running on ${dataDir}: pid ${holder.pid}, since ${since}${holder.url ? `, at ${holder.url}` : ''}.\n` +
        `Stop it first (Ctrl-C in its terminal, or kill ${holder.pid}), or start this one with another DATA_DIR.`,
    );
  }
}

export interface InstanceLock {
  file: string;
  /** Adds what others should know (the URL, the ports) once the configuration is read. */
  describe(more: Pick<LockHolder, 'url' | 'ports'>): void;
  /** Removes the lock if it is still this process's own. */
  release(): void;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parse(text: string | undefined): LockHolder | undefined {
  try {
    const holder = text === undefined ? undefined : (JSON.parse(text) as LockHolder);
    return Number.isInteger(holder?.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

const read = (file: string) => parse(readText(file));

const sameHolder = (a: LockHolder | undefined, b: LockHolder) => a?.pid === b.pid && a.startedAt === b.startedAt;

function alive(holder: LockHolder): boolean {
  if (!isRunning(holder.pid)) return false;
  const ticks = startTicksOf(holder.pid);
  return holder.startTicks === undefined || ticks === undefined || ticks === holder.startTicks;
}

/** Writes the whole content beside the lock, then links it into place: the lock never exists half written. */
function createExclusive(file: string, holder: LockHolder): boolean {
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, `${JSON.stringify(holder, null, 2)}\n`);
  try {
    linkSync(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Moves a dead holder's (or an unreadable) lock aside. Two starts may judge the same stale lock at once: only one
 * rename wins, and a lock that turns out not to be the one judged (a fresh one, just taken) is put back.
 */
function takeOver(file: string, judged: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (readText(aside) !== judged) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone else holds it now; the next look at the lock finds them.
    }
  }
  unlinkSync(aside);
}

/**
 * One `npm start` per data folder: two would share the embedded database, the Temporal state and the ports.
 * A lock whose process is gone (killed, crashed) is taken over.
 */
export function acquireInstanceLock(dataDir: string): InstanceLock {
  const file = join(dataDir, 'instance.lock');
  const mine: LockHolder = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    startTicks: startTicksOf(process.pid),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, mine)) {
      return {
        file,
        describe(more) {
          if (!sameHolder(read(file), mine)) return;
          Object.assign(mine, more);
          // Replaced whole (write aside, rename over): a reader never sees half of it.
          writeFileSync(`${file}.${process.pid}`, `${JSON.stringify(mine, null, 2)}\n`);
          renameSync(`${file}.${process.pid}`, file);
        },
        release() {
          if (sameHolder(read(file), mine)) unlinkSync(file);
        },
      };
    }
    const text = readText(file);
    if (text === undefined) continue; // released this instant
    const holder = parse(text);
    if (holder && alive(holder)) throw new InstanceLockedError(resolve(dataDir), holder);
    takeOver(file, text);
  }
  throw new Error(`could not take ${file}: it keeps changing; is another certflow starting on ${resolve(dataDir)}?`);
}
