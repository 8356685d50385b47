import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ActivitiesOf } from '../activity-ports';

const { generateGoodStandingReport } = proxyActivities<ActivitiesOf<'generateGoodStandingReport'>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Regenerates the Good Standing Report: started nightly by a Schedule and on demand by staff. */
export async function goodStandingReportWorkflow(
  input: { trigger?: string } = {},
): Promise<{ reportId: string; certificants: number }> {
  return generateGoodStandingReport({
    trigger:
      input.trigger ?? (workflowInfo().workflowId.startsWith('good-standing-report-nightly') ? 'schedule' : 'manual'),
  });
}
