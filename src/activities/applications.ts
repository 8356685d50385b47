import { log } from '@temporalio/activity';
import { saveAttestation } from '../db/tables/application-attestations';
import { upsertApplication } from '../db/tables/applications';
import type { EligibilityAttestation } from '../domain/index';
import type { ActivityDeps } from './deps';

export interface ApplicationRecordInput {
  id: string;
  candidateId: string;
  program: string;
  windowId: string;
  firstName: string;
  lastName: string;
  membership: string;
  stage: string;
  submittedAt: string;
}

export function applicationActivities(deps: ActivityDeps) {
  return {
    /** Upsert keyed by the application id: safe to retry. */
    async recordApplication(record: ApplicationRecordInput): Promise<void> {
      await upsertApplication(deps.db, record);
      log.info('application recorded', { applicationId: record.id, stage: record.stage });
    },
    /** Stores the signed attestation where staff read it (the case page); keyed by the application id. */
    async recordAttestation(input: { applicationId: string; attestation: EligibilityAttestation }): Promise<void> {
      await saveAttestation(deps.db, input.applicationId, input.attestation);
    },
  };
}
