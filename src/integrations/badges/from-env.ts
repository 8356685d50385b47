import type { Env } from '../../config/env';
import { createBadgeClient, type BadgeClient } from './client';

/** The Credly client from CREDLY_* settings; `baseUrl` overrides CREDLY_URL (the local double of `npm start`). */
export function badgeClientFromEnv(env: Env, baseUrl = env.CREDLY_URL): BadgeClient | undefined {
  if (!baseUrl) return undefined;
  return createBadgeClient({
    baseUrl,
    organizationId: env.CREDLY_ORG_ID,
    apiToken: env.CREDLY_API_TOKEN,
    templateIds: { CPCS: env.CREDLY_TEMPLATE_CPCS, CPMSM: env.CREDLY_TEMPLATE_CPMSM },
  });
}
