import { readdirSync, readFileSync } from 'node:fs';

/** What Linux says of a process in /proc/<pid>/stat: its state letter, parent and start time (clock ticks after boot). */
interface ProcStat {
  state: string;
  ppid: number;
  startTicks: string;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), startTicks: fields[19]! };
  } catch {
    return undefined;
  }
}

function threadCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

/**
 * True while the process exists and has not exited. A zombie waiting for its parent counts as gone, unless other
 * threads of it still run: the main thread of a multi-threaded program shows as a zombie while the rest still close
 * its files (and its ports).
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procStat(pid)?.state;
  return (state !== 'Z' && state !== 'X') || threadCount(pid) > 1;
}

/** When the process started, to tell it from a later process given the same pid; undefined without /proc. */
export function startTicksOf(pid: number): string | undefined {
  return procStat(pid)?.startTicks;
}

export function parentOf(pid: number): number | undefined {
  return procStat(pid)?.ppid;
}

/** The process's argv, or undefined when it is gone or /proc cannot tell. */
export function commandLineOf(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.replace(/\0$/, '').split('\0') : undefined;
  } catch {
    return undefined;
  }
}

export const hasProcFs = (): boolean => procStat(process.pid) !== undefined;

/** The pids of `parent`'s living children whose argv satisfies `match` (Linux; empty without /proc). */
export function childrenOf(parent: number, match: (argv: string[]) => boolean): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => procStat(pid)?.ppid === parent && isRunning(pid) && match(commandLineOf(pid) ?? []));
}

/** Resolves once the process is gone, or with false after `withinMs`. */
export async function exited(pid: number, withinMs: number): Promise<boolean> {
  for (let waited = 0; waited < withinMs; waited += 100) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isRunning(pid);
}
