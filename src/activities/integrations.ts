import { badgeActivities } from './badges';
import { certificateActivities } from './certificates';
import type { ActivityDeps } from './deps';
import { vendorActivities } from './vendor';

/** The outside parties and documents: test vendor seats, Credly badges, PDF certificates. */
export function integrationActivities(deps: ActivityDeps) {
  return {
    ...vendorActivities(deps),
    ...badgeActivities(deps),
    ...certificateActivities(deps),
  };
}
