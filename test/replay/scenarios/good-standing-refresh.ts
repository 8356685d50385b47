import type { Scenario } from './context';
import { lapsedThenReinstated, renewedOnDueDate } from './recertification';

/** New runs of the recertification cycle: a lapse or a renewal asks the Good Standing Schedule for a refresh. */
export const goodStandingRefreshScenarios: Scenario[] = [
  { name: 'gsr-refresh-renewed-continue-as-new', run: (ctx) => renewedOnDueDate(ctx, 'gsr-renew') },
  { name: 'gsr-refresh-lapsed-then-reinstated', run: (ctx) => lapsedThenReinstated(ctx, 'gsr-lapse') },
];
