import { casesByStage, type StageCount } from '../db/tables/case-stages';
import type { Db } from '../db/database';
import { gauge, type Histogram } from './prometheus';
import { checkReadiness, type Check } from './readiness';

/**
 * Everything GET /metrics answers: request durations, whether each dependency answers, cases by stage (read from
 * the database at scrape time) and the process's memory. Emails are counted where they are sent: the worker's
 * metrics port (docs/operations.md).
 */
export async function renderApiMetrics(parts: {
  db: Db;
  httpDurations: Histogram;
  dependencies: Record<string, Check>;
}): Promise<string[]> {
  const [readiness, stages] = await Promise.all([
    checkReadiness(parts.dependencies),
    casesByStage(parts.db).then(
      (rows): StageCount[] | undefined => rows,
      () => undefined,
    ),
  ]);
  const memory = process.memoryUsage();
  return [
    parts.httpDurations.render(),
    gauge(
      'certflow_dependency_up',
      'Whether the dependency answered its readiness check at this scrape (1) or not (0).',
      Object.entries(readiness.checks).map(([dependency, status]) => ({
        labels: { dependency },
        value: status === 'ok' ? 1 : 0,
      })),
    ),
    gauge(
      'certflow_cases',
      'Cases in each stage, by kind of case, counted in the database at this scrape.',
      (stages ?? []).map((s) => ({ labels: { kind: s.kind, stage: s.stage }, value: s.cases })),
    ),
    gauge(
      'certflow_cases_scrape_success',
      'Whether the cases-by-stage query succeeded at this scrape (1) or not (0).',
      [{ value: stages ? 1 : 0 }],
    ),
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', [{ value: memory.rss }]),
    gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', [{ value: memory.heapUsed }]),
    gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds.', [
      { value: Math.round(Date.now() / 1000 - process.uptime()) },
    ]),
  ];
}
