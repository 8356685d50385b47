import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { policyOrCompiled, PROGRAMS, windowsOfYear, type Policy } from '../../domain/index';
import { testingWindowWorkflowId } from './contract';
import { testingWindowWorkflow } from './workflow';

/**
 * Started by the yearly Schedule: creates next year's windows for every program; existing ones are kept. The Schedule's
 * args carry the policy file as the worker last loaded it, and each window takes it as its snapshot.
 */
export async function yearlyWindowsWorkflow(
  input: { year?: number; policy?: Policy } = {},
): Promise<{ started: string[]; existing: string[] }> {
  const year = input.year ?? new Date().getUTCFullYear() + 1;
  const started: string[] = [];
  const existing: string[] = [];
  for (const program of PROGRAMS) {
    for (const w of windowsOfYear(year, policyOrCompiled(input.policy))) {
      const workflowId = testingWindowWorkflowId(program, w.windowId);
      try {
        await startChild(testingWindowWorkflow, {
          workflowId,
          args: [{ program, windowId: w.windowId, ...(input.policy ? { policy: input.policy } : {}) }],
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
