import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { PROGRAMS, windowsOfYear } from '../../domain/index';
import { testingWindowWorkflowId } from './contract';
import { testingWindowWorkflow } from './workflow';

/** Started by the yearly Schedule: creates next year's windows for every program; existing ones are kept. */
export async function yearlyWindowsWorkflow(input: { year?: number } = {}): Promise<{ started: string[]; existing: string[] }> {
  const year = input.year ?? new Date().getUTCFullYear() + 1;
  const started: string[] = [];
  const existing: string[] = [];
  for (const program of PROGRAMS) {
    for (const w of windowsOfYear(year)) {
      const workflowId = testingWindowWorkflowId(program, w.windowId);
      try {
        await startChild(testingWindowWorkflow, {
          workflowId,
          args: [{ program, windowId: w.windowId }],
          // The window outlives this short workflow, and a window that ran once is never started again.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        started.push(workflowId);
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        existing.push(workflowId);
      }
    }
  }
  return { started, existing };
}
