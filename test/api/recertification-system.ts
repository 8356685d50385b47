import { startSystem, type System } from '../helpers/system';

export type RecertSystem = System;

/**
 * startSystem on the time-skipping server: a recertification cycle spans years, and its reporting window opens
 * only once a year. The business clock is the process clock, as the recertification tests expect.
 */
export function startRecertSystem(): Promise<RecertSystem> {
  return startSystem({ now: () => new Date(), timeSkipping: true, taskQueue: 'recertification-api' });
}
