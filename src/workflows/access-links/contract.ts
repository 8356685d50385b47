export const accessLinksWorkflowName = 'accessLinksWorkflow';

/** Start arg: only the candidate id (the address comes from the file, never from a payload). */
export interface AccessLinksInput {
  candidateId: string;
}

/** Ten minutes per slot: at most one "your links" email per candidate per slot, however often the form is sent. */
export const ACCESS_LINKS_SLOT_MINUTES = 10;

/** One workflow per candidate × ten-minute slot: a repeated request in the slot finds the same (or a closed) one. */
export function accessLinksWorkflowId(candidateId: string, now: Date): string {
  const slot = Math.floor(now.getTime() / (ACCESS_LINKS_SLOT_MINUTES * 60_000));
  return `access-links-${candidateId}-${slot}`;
}
