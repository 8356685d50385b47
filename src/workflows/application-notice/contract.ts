export const applicationNoticeWorkflowName = 'applicationNoticeWorkflow';

/**
 * Why /apply answered "check your email" without starting a case: the candidate already has an open application
 * for that program and window (`repeated`), or had one that is closed and cannot be reopened (`closed`).
 */
export type ApplicationNoticeKind = 'repeated' | 'closed';

/** Start arg: ids only (the address comes from the file, never from a payload). */
export interface ApplicationNoticeInput {
  kind: ApplicationNoticeKind;
  candidateId: string;
  applicationId: string;
}

/** Ten minutes per slot, as for lost links: the same form sent again in the slot sends no second email. */
export const APPLICATION_NOTICE_SLOT_MINUTES = 10;

/** By kind too: an application withdrawn minutes after a repeated form still gets its "closed" notice. */
export function applicationNoticeWorkflowId(kind: ApplicationNoticeKind, applicationId: string, now: Date): string {
  const slot = Math.floor(now.getTime() / (APPLICATION_NOTICE_SLOT_MINUTES * 60_000));
  return `application-notice-${kind}-${applicationId}-${slot}`;
}
