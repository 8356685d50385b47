import { applicationActivities } from './applications';
import type { ActivityDeps } from './deps';
import { emailActivities } from './email';

export type { ActivityDeps } from './deps';

/** All activities, built from their dependencies (DESIGN.md convention 3). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...applicationActivities(deps),
    ...emailActivities(deps),
  };
}
