// The flags of `npm run chaos` and the order of its faults. A run that cannot inject every fault it promises, or
// would reach beyond this machine, is refused before anything starts (exit 2, saying why).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

export interface ChaosSettings {
  candidates: number;
  kills: number;
  smtpOutageSeconds: number;
  timeoutMinutes: number;
  databaseUrl: string;
  /** The command that restarts PostgreSQL, or why this run leaves PostgreSQL alone. */
  postgresRestart: { command?: string; skipped?: string };
}

export interface Fault {
  kind: 'smtp-down' | 'smtp-up' | 'worker-kill' | 'postgres-restart' | 'dev-server-restart';
  /** Milliseconds after the release starts. */
  atMs: number;
}

const loopback = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const defaultRestart = 'pg_ctlcluster 15 main restart';

function refuse(reason: string): never {
  process.stderr.write(`chaos: ${reason}\n`);
  process.exit(2);
}

function positive(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) refuse(`--${name} must be a whole number of at least ${min} (got "${value}")`);
  return n;
}

const flags = {
  candidates: { type: 'string', default: '200' },
  kills: { type: 'string', default: '3' },
  'smtp-outage-seconds': { type: 'string', default: '120' },
  'postgres-restart-command': { type: 'string', default: defaultRestart },
  'skip-postgres-restart': { type: 'string' },
  'timeout-minutes': { type: 'string', default: '30' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, strict: true, options: flags }).values;
  } catch (err) {
    return refuse(err instanceof Error ? err.message : String(err));
  }
}

export function chaosSettings(argv: string[], env: Record<string, string | undefined>): ChaosSettings {
  const values = parse(argv);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl)
    refuse('DATABASE_URL is not set: the harness needs a real PostgreSQL (on this machine) whose restart it survives');
  if (!loopback.has(new URL(databaseUrl).hostname))
    refuse(
      `DATABASE_URL points at ${new URL(databaseUrl).hostname}: the harness restarts servers, so it runs against this machine only (localhost)`,
    );
  return {
    candidates: positive('candidates', values['candidates']),
    kills: positive('kills', values['kills']),
    smtpOutageSeconds: positive('smtp-outage-seconds', values['smtp-outage-seconds']),
    timeoutMinutes: positive('timeout-minutes', values['timeout-minutes']),
    databaseUrl,
    postgresRestart: values['skip-postgres-restart']
      ? { skipped: values['skip-postgres-restart'] }
      : { command: usableRestart(values['postgres-restart-command']) },
  };
}

/** The restart command must be runnable here; pg_ctlcluster needs root (or the postgres user). */
function usableRestart(command: string): string {
  // The first word, without the quotes a generated command line puts around every word.
  const program = (command.trim().split(/\s+/)[0] ?? '').replace(/^'(.*)'$/, '$1');
  const found = spawnSync('sh', ['-c', `command -v ${JSON.stringify(program)}`], { encoding: 'utf8' }).status === 0;
  if (!found)
    refuse(
      `cannot restart PostgreSQL: "${program}" is not on this machine. Name the command with --postgres-restart-command "<command>", or --skip-postgres-restart "<why>" to run without that fault`,
    );
  const user = spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
  if (program === 'pg_ctlcluster' && user !== 'root' && user !== 'postgres') {
    refuse(
      `cannot restart PostgreSQL: "${command}" needs root or the postgres user (this is ${user}). Run as one of them, name another command with --postgres-restart-command, or --skip-postgres-restart "<why>"`,
    );
  }
  return command;
}

/**
 * The faults in order, all inside the SMTP outage so that the release cannot finish before the last one: kills
 * spread over it, PostgreSQL after the first fifth, the dev server near the middle.
 */
export function faultPlan(s: Pick<ChaosSettings, 'kills' | 'smtpOutageSeconds' | 'postgresRestart'>): Fault[] {
  const outage = s.smtpOutageSeconds * 1000;
  const faults: Fault[] = [
    { kind: 'smtp-down', atMs: 0 },
    ...Array.from({ length: s.kills }, (_, i): Fault => ({
      kind: 'worker-kill',
      atMs: Math.round((outage * (i + 1)) / (s.kills + 1)),
    })),
    ...(s.postgresRestart.command ? [{ kind: 'postgres-restart' as const, atMs: Math.round(outage * 0.2) }] : []),
    { kind: 'dev-server-restart', atMs: Math.round(outage * 0.45) },
    { kind: 'smtp-up', atMs: outage },
  ];
  return faults.sort((a, b) => a.atMs - b.atMs);
}
