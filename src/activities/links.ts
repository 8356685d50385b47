import { candidateStatusUrl } from '../lib/candidate-link';
import { certificantGridUrl } from '../lib/certificant-link';
import { mintLink } from '../lib/mint-link';
import { keysOrDerived } from '../lib/signing-keys';
import type { EmailSlot } from '../db/tables/email-log';
import type { ActivityDeps } from './deps';

type LinkDeps = Pick<ActivityDeps, 'db' | 'links' | 'now'>;

const originOf = (slot: EmailSlot) => `email:${slot.workflowId}|${slot.kind}`;

function window(deps: LinkDeps): { issuedAt: Date; expiresAt: Date } {
  const issuedAt = (deps.now ?? (() => new Date()))();
  return { issuedAt, expiresAt: new Date(issuedAt.getTime() + deps.links.ttlDays * 86_400_000) };
}

/** The application page's link for the email in this slot: one row per slot, so a retry sends the same link. */
export async function applicationLinkFor(
  deps: LinkDeps,
  slot: EmailSlot,
  grant: { applicationId: string; candidateId: string },
): Promise<{ id: string; url: string }> {
  const keys = keysOrDerived(deps.links.secret, deps.links.keys);
  const link = await mintLink(
    { db: deps.db, keys },
    {
      purpose: 'candidate-link',
      subjectId: grant.applicationId,
      candidateId: grant.candidateId,
      origin: originOf(slot),
      ...window(deps),
    },
  );
  return { id: link.id, url: candidateStatusUrl(deps.links.baseUrl, grant.applicationId, link.token) };
}

/** The certificant's CE grid link for the email in this slot, minted like applicationLinkFor. */
export async function gridLinkFor(
  deps: LinkDeps,
  slot: EmailSlot,
  certificantId: string,
): Promise<{ id: string; url: string }> {
  const keys = keysOrDerived(deps.links.secret, deps.links.keys);
  const link = await mintLink(
    { db: deps.db, keys },
    {
      purpose: 'certificant-link',
      subjectId: certificantId,
      candidateId: certificantId,
      origin: originOf(slot),
      ...window(deps),
    },
  );
  return { id: link.id, url: certificantGridUrl(deps.links.baseUrl, certificantId, link.token) };
}
