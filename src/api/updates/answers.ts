import type { NextFunction, Request, Response } from 'express';
import { wantsJson } from '../error-handler';
import { inProgressPage } from '../views/layout';
import { UpdateInProgress, UpdateNotTaken } from './run-update';

/** Seconds a caller should wait before trying a request the service did not take. */
const retryAfterSeconds = 5;

/** Answers an Update still being processed (202, pointing at the case) and adds Retry-After to one not taken (503). */
export function updateAnswers() {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (err instanceof UpdateNotTaken && !res.headersSent) res.set('retry-after', String(retryAfterSeconds));
    if (!(err instanceof UpdateInProgress) || res.headersSent) return next(err);
    if (err.statusUrl) res.location(err.statusUrl);
    res.status(202).set('cache-control', 'no-store');
    if (wantsJson(req))
      return res.json({
        status: 'processing',
        message: err.message,
        updateId: err.updateId,
        ...(err.statusUrl ? { statusUrl: err.statusUrl } : {}),
      });
    res.type('html').send(inProgressPage(err.statusUrl));
  };
}
