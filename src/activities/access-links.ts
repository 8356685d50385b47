import { listApplicationsOfCandidate } from '../db/tables/applications';
import { findCandidate } from '../db/tables/candidates';
import { certificationsOf } from '../db/tables/certifications';
import { accessLinksEmail } from '../email/templates/access-links';
import { revokeOtherLinks } from '../db/tables/candidate-links';
import type { ActivityDeps } from './deps';
import { applicationLinkFor, gridLinkFor } from './links';
import { sendOnce } from './send-once';

export function accessLinkActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Fresh links to all of a candidate's applications, to the email on file only, once per workflow (the email log
     * is claimed before sending); then every older link of the candidate is revoked, so a lost or forwarded link
     * stops working. An unknown candidate gets nothing and no error.
     */
    async sendAccessLinks(input: { workflowId: string; candidateId: string }): Promise<{ sent: boolean }> {
      const candidate = await findCandidate(deps.db, input.candidateId);
      const applications = candidate ? await listApplicationsOfCandidate(deps.db, candidate.id) : [];
      if (!candidate || !applications.length) return { sent: false };
      const slot = { workflowId: input.workflowId, kind: 'access-links' };
      const links = await Promise.all(
        applications.map(async (a) => ({
          application: a,
          link: await applicationLinkFor(deps, slot, { applicationId: a.id, candidateId: candidate.id }),
        })),
      );
      const certified = (await certificationsOf(deps.db, candidate.id)).some((c) => c.status === 'active');
      const grid = certified ? await gridLinkFor(deps, slot, candidate.id) : undefined;
      const rendered = accessLinksEmail({
        firstName: candidate.first_name,
        applications: links.map(({ application: a, link }) => ({
          program: a.program,
          windowId: a.window_id,
          url: link.url,
        })),
        ...(grid ? { gridUrl: grid.url } : {}),
        resendUrl: `${deps.links.baseUrl.replace(/\/$/, '')}/links/resend`,
      });
      const outcome = await sendOnce(deps, slot, { to: candidate.email, ...rendered });
      // After the send, and again on a retry that finds it sent: the candidate is never left without a live link.
      const at = now();
      const by = `lost-link:${input.workflowId}`;
      await revokeOtherLinks(deps.db, {
        candidateId: candidate.id,
        purpose: 'candidate-link',
        keep: links.map((l) => l.link.id),
        at,
        by,
      });
      // A lapsed certificant gets no grid link here, so theirs stays as it is.
      if (grid)
        await revokeOtherLinks(deps.db, {
          candidateId: candidate.id,
          purpose: 'certificant-link',
          keep: [grid.id],
          at,
          by,
        });
      return outcome;
    },
  };
}
