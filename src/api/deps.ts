import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Db } from '../db/database';
import type { Policy } from '../domain/index';
import { keysOrDerived, type SigningKeys } from '../lib/signing-keys';
import type { Logger } from '../logger';

/** What the HTTP layer needs; wired in main-api / main-start, replaced piecewise in tests. */
export interface ApiDeps {
  db: Db;
  temporal: { client: Client; taskQueue: string; namespace: string; uiUrl: string };
  /** APP_SECRET: the root the per-purpose keys are derived from when they are not configured. */
  secret: string;
  /** The keys of candidate links, certificant links and CSRF tokens (CANDIDATE_LINK_KEYS, …); derived from `secret` when unset. */
  keys?: SigningKeys;
  publicBaseUrl: string;
  staffSessionTtlHours: number;
  /** STAFF_IDLE_MINUTES: a staff session unused this long ends (default 30). */
  staffIdleMinutes?: number;
  /** TRUST_PROXY: Express "trust proxy" (default loopback). */
  trustProxy?: string;
  logger: Logger;
  now?: () => Date;
  /** Requests per minute per address on the public form and the login; tests raise it. */
  rateLimitPerMinute?: number;
  /** Verifies the test vendor's signed webhooks; unset disables them. */
  vendorWebhookSecret?: string;
  /** The payload codec, served at /codec to Temporal UI for signed-in staff. */
  codec?: PayloadCodec;
  /** Temporal UI's own address (started with the public path /temporal): the API serves it to staff at /temporal. */
  temporalUiUpstream?: string;
  /** FORMS_SIMULATED: a window without a loaded form may get a simulated one; off in production. */
  formsSimulated?: boolean;
  /** UPDATE_TIMEOUT_MS: the longest a request waits on a workflow Update before answering 503 or 202. */
  updateTimeoutMs?: number;
  /** The policy file as loaded at start: every workflow started here takes it as its snapshot. Unset in tests: compiled values. */
  policy?: Policy;
}

/** The configured keys, else (tests, scripts) the ones derived from APP_SECRET. */
export const signingKeysOf = (deps: Pick<ApiDeps, 'secret' | 'keys'>): SigningKeys =>
  keysOrDerived(deps.secret, deps.keys);
