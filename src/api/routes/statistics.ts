import { Router } from 'express';
import { allWindowStatistics, type WindowStatisticsRow } from '../../db/tables/window-statistics';
import { compareWindowIds, windowLabel } from '../../domain/index';
import type { ApiDeps } from '../deps';
import { statisticsPage, type StatisticsCell } from '../views/statistics';

/** Cells under this many candidates are suppressed so no one can be singled out. */
export const MIN_CELL = 10;

/** Pass rates per program and window; counts and rates of small cells are never shown. */
export function publicStatistics(rows: WindowStatisticsRow[]): StatisticsCell[] {
  return [...rows]
    .sort((a, b) => a.program.localeCompare(b.program) || compareWindowIds(a.window_id, b.window_id))
    .map((r) => {
      const shown = r.tested >= MIN_CELL;
      return {
        program: r.program,
        windowId: r.window_id,
        windowLabel: windowLabel(r.window_id),
        candidates: shown ? r.tested : null,
        passRate: shown ? r.passed / r.tested : null,
      };
    });
}

/** GET /statistics (public page with a chart) and GET /api/statistics (the same cells as JSON). */
export function statisticsRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/statistics', async (_req, res) => {
    res.type('html').send(statisticsPage(publicStatistics(await allWindowStatistics(deps.db))));
  });
  router.get('/api/statistics', async (_req, res) => {
    res.json({ minimumCell: MIN_CELL, cells: publicStatistics(await allWindowStatistics(deps.db)) });
  });
  return router;
}
