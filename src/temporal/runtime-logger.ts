import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Temporal's logger on top of pino: activity lines carry workflowId, activityType and the rest as fields. */
export function pinoTemporalLogger(log: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => log[levels[level]]({ ...meta }, message);
  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}

let installed = false;

/**
 * Installs the process-wide Temporal runtime once, before any worker or native connection exists. With
 * `metricsPort`, the SDK's Prometheus exporter serves its metrics (and the activities' counters) on
 * http://0.0.0.0:<port>/metrics (docs/operations.md).
 */
export function installTemporalRuntime(
  log: Logger,
  options: { handleSignals?: boolean; metricsPort?: number } = {},
): void {
  if (installed) return;
  try {
    Runtime.install({
      logger: pinoTemporalLogger(log.child({ component: 'temporal' })),
      ...(options.metricsPort
        ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${options.metricsPort}` } } } }
        : {}),
      // `npm start` stops its parts itself, in order; a lone worker lets the SDK drain on SIGINT/SIGTERM.
      ...(options.handleSignals === false ? { shutdownSignals: [] } : {}),
    });
  } catch (err) {
    // The likeliest cause is a port in use: say which setting moves it.
    if (options.metricsPort)
      throw new Error(
        `WORKER_METRICS_PORT=${options.metricsPort}: ${err instanceof Error ? err.message : String(err)}`,
      );
    throw err;
  }
  installed = true;
}
