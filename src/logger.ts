import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout; one root logger per process. */
export function createLogger(level: string, name = 'certflow'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}

export type { Logger };
