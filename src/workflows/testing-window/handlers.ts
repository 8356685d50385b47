import { refuse } from '../refusals';
import { newYorkWallClockToInstant, scoreReleaseRange } from '../../domain/index';
import { RELEASE_DEFAULT_DAYS, type ApproveEquatingInput, type KeyDecisionInput, type WindowStatus } from './contract';

const MS_PER_DAY = 86_400_000;

/** validateKeyUpdate: staff accept, re-key or drop each flagged item; a changed decision re-runs equating. */
export function keyValidationHandlers(status: WindowStatus) {
  let version = 0;
  let equatedVersion = -1;
  let lastError: string | null = null;
  const undecided = () =>
    status.flagged.filter((f) => !status.decisions.some((d) => d.itemId === f.itemId)).map((f) => f.itemId);
  return {
    undecided,
    version: () => version,
    equatedVersion: () => equatedVersion,
    markEquated: (v: number) => void (equatedVersion = v),
    setError: (message: string | null) => void (lastError = message),
    lastError: () => lastError,
    validate(input: KeyDecisionInput): void {
      if (status.stage !== 'key-validation' && status.stage !== 'awaiting-approval') {
        refuse(
          'WindowWrongStage',
          `key decisions are taken after item analysis and before approval; this window is in "${status.stage}"`,
        );
      }
      if (!status.flagged.some((f) => f.itemId === input?.itemId)) {
        refuse(
          'WindowUnknownItem',
          `item "${String(input?.itemId)}" is not flagged on this window; decide one of: ${status.flagged.map((f) => f.itemId).join(', ')}`,
        );
      }
      if (!['accept', 'rekey', 'drop'].includes(input.action))
        refuse('WindowInvalidDecision', 'the action must be accept, rekey or drop');
      if (input.action === 'rekey' && !['A', 'B', 'C'].includes(input.key ?? ''))
        refuse('WindowInvalidDecision', 're-keying needs the new key: A, B or C');
      if (input.action !== 'rekey' && input.key !== undefined)
        refuse('WindowInvalidDecision', 'only a re-key takes a key');
      if (typeof input.decidedBy !== 'string' || input.decidedBy.length === 0)
        refuse('WindowInvalidDecision', 'say who decides (decidedBy)');
    },
    handle(input: KeyDecisionInput) {
      const record = {
        itemId: input.itemId,
        action: input.action,
        ...(input.action === 'rekey' ? { key: input.key } : {}),
        decidedBy: input.decidedBy,
        at: new Date().toISOString(),
      };
      status.decisions = [...status.decisions.filter((d) => d.itemId !== input.itemId), record];
      status.counts.decided = status.decisions.length;
      version += 1;
      return { remaining: undecided(), decisions: status.decisions };
    },
  };
}

/**
 * approveEquatingUpdate: fixes the conversion and the release time. FAQ: results "approximately six to eight weeks
 * from the close of the testing period/window": 6 weeks after the close unless staff choose another time, and a
 * time that has passed (an approval more than 6 or 8 weeks after the close) releases at once: never a dead end.
 * Every release the old rule accepted keeps its time, so recorded histories replay unchanged.
 * `closedOn`: the close date of a window closed with its last test day, whose default is 9:00 New York on the
 * earliest release day; absent for a run closed by the old rule (default: 42 days after the close instant).
 */
export function approvalHandlers(
  status: WindowStatus,
  keys: ReturnType<typeof keyValidationHandlers>,
  closedOn: () => string | undefined,
) {
  let approved = false;
  const defaultRelease = () => {
    const day = closedOn();
    return day
      ? Date.parse(newYorkWallClockToInstant(scoreReleaseRange(day).earliest, 9, 0, 0, 0))
      : Date.parse(status.closedAt!) + RELEASE_DEFAULT_DAYS * MS_PER_DAY;
  };
  const chosenRelease = (input: ApproveEquatingInput) =>
    input.releaseAt === undefined ? defaultRelease() : Date.parse(input.releaseAt);
  return {
    approved: () => approved,
    validate(input: ApproveEquatingInput): void {
      if (status.stage !== 'awaiting-approval' || keys.version() !== keys.equatedVersion() || approved) {
        refuse(
          'WindowWrongStage',
          `approval needs an equating of the latest key decisions; this window is in "${status.stage}"`,
        );
      }
      if (typeof input?.approvedBy !== 'string' || input.approvedBy.length === 0)
        refuse('WindowInvalidDecision', 'say who approves (approvedBy)');
      if (Number.isNaN(chosenRelease(input)))
        refuse('WindowInvalidDecision', `release time "${String(input.releaseAt)}" is not an ISO instant`);
    },
    handle(input: ApproveEquatingInput) {
      approved = true;
      status.releaseAt = new Date(Math.max(chosenRelease(input), Date.now())).toISOString();
      status.approvedBy = input.approvedBy;
      return { releaseAt: status.releaseAt };
    },
  };
}
