import type { CeMeter, CivilDate, RecertificationFeeQuote } from '../../domain/index';

/** Every message a certificant can receive about recertification, as plain JSON the workflow can carry. */
export type CertificantMessage =
  | {
      kind: 'recert-reminder';
      reminder: 'reporting-open' | 'due-soon' | 'due-today';
      dueDate: CivilDate;
      daysBefore: number;
      meter: CeMeter;
      missing: string[];
    }
  | {
      kind: 'recert-submission-received';
      fee: RecertificationFeeQuote;
      dueNowUsd: number;
      entries: number;
      reinstatement: boolean;
    }
  | {
      kind: 'recert-determination-short';
      missing: string[];
      rejected: { title: string; reason: string }[];
      dueDate: CivilDate;
    }
  | { kind: 'recert-renewed'; nextDueDate: CivilDate; programs: string[]; reinstated: boolean }
  | { kind: 'recert-extension-granted'; until: CivilDate; dueDate: CivilDate }
  | {
      kind: 'recert-lapsed';
      /** The due date in force: the extended one after an extension. */
      dueDate: CivilDate;
      /** Set after an extension: the original due date (no second extension is possible). */
      extendedFrom?: CivilDate;
      reinstatementOpens: CivilDate;
      reinstatementCloses: CivilDate;
      /** After an extension that ran into the reinstatement period: reinstatement is open from the lapse on. */
      reinstatementOpenNow?: boolean;
      reinstatementFeeUsd: number;
      programs: string[];
    }
  | {
      kind: 'recert-expired';
      programs: string[];
      afterExtension?: { dueDate: CivilDate; until: CivilDate; reinstatementClosed: CivilDate };
    };

export interface SendCertificantEmailInput {
  workflowId: string;
  certificantId: string;
  message: CertificantMessage;
  /** Unique per message within one chain of runs (the workflow id is the same for every cycle). */
  dedupeKey: string;
  /**
   * The chain's first run id: a certificant whose chain expired and who certifies again starts a second chain under
   * the same workflow id, whose keys must not meet the first chain's. Absent from runs before the patch.
   */
  chain?: string;
}
