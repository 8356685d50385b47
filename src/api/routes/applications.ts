import { Router, type Request, type Response } from 'express';
import { staffView, type ApplicationStatus } from '../../workflows/exam-application/contract';
import { requireCandidateGrant } from '../auth/candidate';
import { currentStaff } from '../auth/staff';
import type { ApiDeps } from '../deps';
import { liveApplicationStatus } from './lifecycle-update';

export function applicationRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  /** Staff see any case; a candidate only the one their link was issued for. */
  const authorize = async (req: Request, res: Response, applicationId: string): Promise<void> => {
    if (currentStaff(res)) return;
    await requireCandidateGrant(req, deps, applicationId, now());
  };

  // The row says the case exists; the live detail comes from the workflow (docs/architecture.md, "Where state lives").
  const liveStatus = (applicationId: string): Promise<ApplicationStatus> => liveApplicationStatus(deps, applicationId);

  router.get('/applications/:id/status', async (req, res) => {
    await authorize(req, res, req.params.id);
    const status = await liveStatus(req.params.id);
    // FAQ: scores go to the candidate only, never to staff views.
    res.set('cache-control', 'no-store').json(currentStaff(res) ? staffView(status) : status);
  });

  // The HTML page of an application (and its forms) is in candidate-pages.ts.
  return router;
}
