/** What a ledger line records: a charge (positive amount) or a refund (negative amount). */
export type FeeKind = 'exam-fee' | 'late-fee' | 'transfer-fee' | 'refund' | 'recertification-fee' | 'reinstatement-fee';
export const FEE_KINDS: readonly FeeKind[] = [
  'exam-fee',
  'late-fee',
  'transfer-fee',
  'refund',
  'recertification-fee',
  'reinstatement-fee',
];

/** One amount charged or refunded to a candidate, from the case's policy snapshot at the time. */
export interface FeeEntry {
  candidateId: string;
  /** The application id, or the recertification workflow id. */
  caseId: string;
  /** Unique within the case (kind plus what repeats: the window, the cycle), so a retry or a repeated request records once. */
  entryKey: string;
  kind: FeeKind;
  /** Dollars; negative for a refund. */
  amountUsd: number;
  description: string;
}

export type LedgerLine = Pick<FeeEntry, 'kind' | 'amountUsd'>;
