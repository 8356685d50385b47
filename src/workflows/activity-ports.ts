import type { createActivities } from '../activities/index';

/** Every activity the worker registers, typed from its implementation. */
export type AllActivities = ReturnType<typeof createActivities>;

/**
 * The activities a workflow calls, picked by name from their implementations: a renamed or changed activity fails
 * to compile in every workflow that uses it, and a workflow's port lists exactly what it may call.
 */
export type ActivitiesOf<Name extends keyof AllActivities> = Pick<AllActivities, Name>;
