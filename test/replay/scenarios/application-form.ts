import {
  accommodationDecisionUpdate,
  eligibilityDecisionUpdate,
} from '../../../src/workflows/exam-application/contract';
import { inputFor, jumpTo, stageIs, startApplication } from '../../workflows/exam-application/harness';
import type { Scenario } from './context';

/** Applications sent from the form with a signed attestation and, here, an accommodation request with documentation. */
export const applicationFormScenarios: Scenario[] = [
  {
    name: 'application-form-attestation-accommodation',
    async run(ctx) {
      const input = {
        ...inputFor('form', '2027-spring'),
        attestation: {
          program: 'CPCS' as const,
          currentlyEmployedInMedicalServices: true,
          employment: [
            {
              employer: 'General Hospital',
              title: 'Credentialing Coordinator',
              from: '2020-03-01',
              duties: ['primary source verification'],
            },
          ],
          signedBy: 'Ada Lovelace',
          signedAt: '2026-11-28T15:00:00.000Z',
          affirmed: true,
        },
        accommodation: { needs: 'Extra time', documentIds: ['doc-form-1'] },
      };
      const handle = await startApplication(ctx.env, ctx.taskQueue, input);
      await stageIs(handle, 'eligibility-review');
      await handle.executeUpdate(accommodationDecisionUpdate, {
        args: [{ requestId: 'accommodation-1', decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      await jumpTo(ctx.env, '2027-02-01T14:01:00.000Z');
      await stageIs(handle, 'scheduling');
      return [handle.workflowId];
    },
  },
  {
    name: 'application-form-attestation-only',
    async run(ctx) {
      const handle = await startApplication(ctx.env, ctx.taskQueue, {
        ...inputFor('form-attested', '2027-spring'),
        attestation: {
          program: 'CPCS',
          currentlyEmployedInMedicalServices: false,
          employment: [
            { employer: 'CVO', title: 'Specialist', from: '2021-01-04', to: '2025-06-30', duties: ['file review'] },
          ],
          signedBy: 'Ada Lovelace',
          signedAt: '2026-11-28T15:00:00.000Z',
          affirmed: true,
        },
      });
      await stageIs(handle, 'eligibility-review');
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [
          {
            decision: 'reject',
            reason: 'Not enough experience in the last three years.',
            decidedBy: 'staff@test.local',
          },
        ],
      });
      await stageIs(handle, 'rejected');
      return [handle.workflowId];
    },
  },
];
