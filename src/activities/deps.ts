import type { Client } from '@temporalio/client';
import type { Db } from '../db/database';
import type { Policy } from '../domain/index';
import type { SigningKeys } from '../lib/signing-keys';
import type { Mailer } from '../email/transport';
import type { BadgeClient } from '../integrations/badges/client';

/** Everything activities reach outside the workflow: wired once in main-worker. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  /** `keys` signs the links (CANDIDATE_LINK_KEYS, CERTIFICANT_LINK_KEYS); derived from `secret` (APP_SECRET) when unset. */
  links: { secret: string; baseUrl: string; ttlDays: number; keys?: SigningKeys };
  /** Injected so tests can pin time; activities may read the clock, workflows may not. */
  now?: () => Date;
  /** The Credly-compatible badge platform (the local double in dev and tests); badge activities retry until set. */
  badges?: BadgeClient;
  /** Where staff alerts go (STAFF_ALERTS_EMAIL), e.g. an overdue eligibility decision. */
  staffAlertsEmail?: string;
  /** For activities that start or signal other workflows (signal-with-start); they retry until it is wired. */
  temporal?: { client: Client; taskQueue: string };
  /** FORMS_SIMULATED: a window without a loaded form may get a simulated one; off in production. */
  formsSimulated?: boolean;
  /** The policy file as loaded at worker start: the snapshot of workflows the worker starts (recertification). */
  policy?: Policy;
}
