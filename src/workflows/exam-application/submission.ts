import { patched } from '@temporalio/workflow';
import { requestAccommodation } from './accommodation';
import { acts } from './ports';
import type { LifecycleState } from './state';

/** Applications that carry an attestation or an accommodation request record them (older inputs have neither). */
export const submissionRecordsPatch = 'application-form-attestation-and-accommodation';

/**
 * Records what the candidate sent with the application, before the confirmation email: the signed eligibility
 * attestation (where staff read it), and an accommodation request, pending staff decision from the start.
 */
export async function recordWhatCameWithTheApplication(s: LifecycleState): Promise<void> {
  const i = s.input;
  if (!i.attestation && !i.accommodation) return;
  // A run started by a worker without this code has no marker here and keeps its own path on replay.
  if (!patched(submissionRecordsPatch)) return;
  // FAQ: NAMSS is "unable to 'pre-approve' any specific experience": the attestation goes to staff, who decide.
  if (i.attestation) await acts.recordAttestation({ applicationId: i.applicationId, attestation: i.attestation });
  // FAQ: "This written documentation must accompany the CPCS®/CPMSM® application."
  if (i.accommodation) await requestAccommodation(s, i.accommodation.needs, i.accommodation.documentIds, i.submittedAt);
}
