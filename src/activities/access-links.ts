import { listApplicationsOfCandidate } from '../db/tables/applications';
import { findCandidate } from '../db/tables/candidates';
import { certificationsOf } from '../db/tables/certifications';
import { accessLinksEmail } from '../email/templates/access-links';
import { candidateStatusUrl, signCandidateToken } from '../lib/candidate-link';
import { certificantGridUrl, signCertificantToken } from '../lib/certificant-link';
import type { ActivityDeps } from './deps';
import { sendOnce } from './send-once';

export function accessLinkActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Fresh signed links to all of a candidate's applications, to the email on file only, once per workflow
     * (the email log is claimed before sending). An unknown candidate gets nothing and no error.
     */
    async sendAccessLinks(input: { workflowId: string; candidateId: string }): Promise<{ sent: boolean }> {
      const candidate = await findCandidate(deps.db, input.candidateId);
      const applications = candidate ? await listApplicationsOfCandidate(deps.db, candidate.id) : [];
      if (!candidate || !applications.length) return { sent: false };
      const base = deps.links.baseUrl.replace(/\/$/, '');
      const sign = (applicationId: string) => signCandidateToken(deps.links.secret, { applicationId, candidateId: candidate.id }, now(), deps.links.ttlDays);
      const certified = (await certificationsOf(deps.db, candidate.id)).some((c) => c.status === 'active');
      const rendered = accessLinksEmail({
        firstName: candidate.first_name,
        applications: applications.map((a) => ({ program: a.program, windowId: a.window_id, url: candidateStatusUrl(base, a.id, sign(a.id)) })),
        ...(certified ? { gridUrl: certificantGridUrl(base, candidate.id, signCertificantToken(deps.links.secret, candidate.id, now(), deps.links.ttlDays)) } : {}),
        resendUrl: `${base}/links/resend`,
      });
      return sendOnce(deps, { workflowId: input.workflowId, kind: 'access-links' }, { to: candidate.email, ...rendered });
    },
  };
}
