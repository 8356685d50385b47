import type { Scenario } from './context';
import { examApplicationScenarios } from './exam-application';
import { renewedOnDueDate } from './recertification';
import { testingWindowScenarios } from './testing-window';

const pathOf = (scenarios: Scenario[], name: string) => scenarios.find((s) => s.name === name)!.run;

/**
 * The paths whose activities leave the main task queue under the `activity-task-queues` patch: a seat and a badge
 * (integrations), a window's analysis, equating, statistics and fan-outs (heavy), a renewed badge (integrations).
 */
export const activityQueueScenarios: Scenario[] = [
  {
    name: 'activity-queues-passed-badge-certificate',
    run: pathOf(examApplicationScenarios, 'passed-badge-certificate'),
  },
  { name: 'activity-queues-window-created-to-released', run: pathOf(testingWindowScenarios, 'created-to-released') },
  { name: 'activity-queues-renewed-continue-as-new', run: (ctx) => renewedOnDueDate(ctx, 'aq-renew') },
];
