import { Router } from 'express';
import { recordAudit } from '../../db/tables/audit-log';
import { revokeCandidateLinks } from '../../db/tables/candidate-links';
import { requireRole } from '../auth/roles';
import { currentStaff } from '../auth/staff';
import type { ApiDeps } from '../deps';

/** Staff cut every emailed link of a candidate (a forwarded email, a shared computer); audited, safe to repeat. */
export function candidateLinkStaffRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.post('/api/staff/candidates/:candidateId/links/revoke', ...requireRole('cases'), async (req, res) => {
    const staff = currentStaff(res)!;
    const candidateId = String(req.params.candidateId);
    const revoked = await revokeCandidateLinks(deps.db, { candidateId, at: now(), by: `staff:${staff.email}` });
    await recordAudit(deps.db, {
      actor: staff.email,
      action: 'candidate.links.revoke',
      subject: `candidate:${candidateId}`,
      before: { live: revoked.length },
      after: { revoked },
      requestId: String(req.id),
    });
    // v1 links (minted before links had ids) cannot be revoked: the answer says so, for the staff member to tell.
    res.json({
      revoked: revoked.length,
      note: 'Links minted before links had ids stay valid until they expire unless LEGACY_LINKS=refuse.',
    });
  });

  return router;
}
