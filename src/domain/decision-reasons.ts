/** The longest reason a decision may carry: it is sent to the candidate as written. */
export const REASON_MAX_CHARACTERS = 2000;

/**
 * A rejection or a denial reaches the candidate with its reason: what is wrong with a decision's reason, if anything.
 * The API's forms, the workflow's own check and the rules engine all ask this, so they refuse alike.
 */
export function reasonProblem(d: { decision?: unknown; reason?: unknown }): string | undefined {
  const what = d.decision === 'reject' ? 'A rejection' : d.decision === 'deny' ? 'A denial' : undefined;
  if (!what) return undefined;
  if (typeof d.reason !== 'string' || d.reason.trim().length === 0)
    return `${what} needs a reason: it is sent to the candidate.`;
  if (d.reason.length > REASON_MAX_CHARACTERS) return `The reason must be at most ${REASON_MAX_CHARACTERS} characters.`;
  return undefined;
}
