/** Messages of the exam application lifecycle, as plain JSON the workflow carries to sendCandidateEmail. */
export type LifecycleMessage =
  | { kind: 'eligibility-approved'; program: string; windowId: string; noticeOn: string }
  | { kind: 'eligibility-rejected'; program: string; windowId: string; reason: string }
  | { kind: 'accommodation-decision'; approved: boolean; needs: string; reason?: string }
  | {
      kind: 'notice-to-schedule';
      program: string;
      windowId: string;
      windowStart: string;
      windowEnd: string;
      approvedAccommodations: string[];
      closesOn?: string;
      resultsExpected?: { earliest: string; latest: string };
    }
  | { kind: 'appointment-confirmed'; examDate: string; site: string; startsAt?: string; windowId: string }
  | { kind: 'appointment-rescheduled'; examDate: string; site: string; previousExamDate: string; windowId: string }
  | { kind: 'appointment-reminder'; examDate: string; site: string; startsAt?: string; daysBefore: number }
  | { kind: 'transfer-deadline-reminder'; examDate: string; lastDayToRequestTransfer: string; windowId: string }
  | { kind: 'transfer-confirmed'; fromWindowId: string; toWindowId: string; feeUsd: number; noticeOn: string }
  | {
      kind: 'withdrawal-confirmed';
      windowId: string;
      refundable: boolean;
      refundUsd: number;
      processingFeeUsd: number;
      lastDayToRequestRefund: string;
    }
  | { kind: 'no-show'; windowId: string; examDate?: string }
  | { kind: 'score-released'; program: string; windowId: string; scaled: number; passed: boolean }
  | { kind: 'certificate-ready'; program: string; credentialId: string; certifiedOn: string; expiresOn: string };

export interface LifecycleContext {
  firstName: string;
  statusUrl: string;
  /** The candidate's own signed link to download the PDF certificate. */
  certificateUrl: string;
  /** The public verification page of a credential. */
  verifyUrl: (credentialId: string) => string;
}
