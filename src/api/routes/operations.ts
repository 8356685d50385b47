import { Router } from 'express';
import { renderApiMetrics } from '../../observability/api-metrics';
import { exposition, PROMETHEUS_CONTENT_TYPE, type Histogram } from '../../observability/prometheus';
import { checkReadiness, databaseCheck, readinessBody, temporalCheck } from '../../observability/readiness';
import type { ApiDeps } from '../deps';

/**
 * Probes and metrics for operators (docs/operations.md): /healthz says the process answers, /readyz whether the
 * database and Temporal do, /metrics is for Prometheus. Mounted before sign-in, CSRF and body parsing.
 */
export function operationsRoutes(deps: ApiDeps, httpDurations: Histogram): Router {
  const router = Router();
  const dependencies = { database: databaseCheck(deps.db), temporal: temporalCheck(deps.temporal.client) };

  router.get('/healthz', (_req, res) => res.set('cache-control', 'no-store').json({ ok: true, status: 'alive' }));

  router.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(dependencies);
    res
      .status(readiness.ready ? 200 : 503)
      .set('cache-control', 'no-store')
      .json(readinessBody(readiness));
  });

  router.get('/metrics', async (_req, res) => {
    const families = await renderApiMetrics({ db: deps.db, httpDurations, dependencies });
    res.set('cache-control', 'no-store').type(PROMETHEUS_CONTENT_TYPE).send(exposition(families));
  });

  return router;
}
