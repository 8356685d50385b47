import { ApplicationFailure } from '@temporalio/workflow';
import {
  RELEASE_DEFAULT_DAYS,
  RELEASE_LATEST_DAYS,
  windowFailureTypes,
  type ApproveEquatingInput,
  type KeyDecisionInput,
  type WindowStatus,
} from './contract';

const MS_PER_DAY = 86_400_000;
const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** validateKeyUpdate: staff accept, re-key or drop each flagged item; a changed decision re-runs equating. */
export function keyValidationHandlers(status: WindowStatus) {
  let version = 0;
  let equatedVersion = -1;
  let lastError: string | null = null;
  const undecided = () => status.flagged.filter((f) => !status.decisions.some((d) => d.itemId === f.itemId)).map((f) => f.itemId);
  return {
    undecided,
    version: () => version,
    equatedVersion: () => equatedVersion,
    markEquated: (v: number) => void (equatedVersion = v),
    setError: (message: string | null) => void (lastError = message),
    lastError: () => lastError,
    validate(input: KeyDecisionInput): void {
      if (status.stage !== 'key-validation' && status.stage !== 'awaiting-approval') {
        throw refuse(windowFailureTypes.wrongStage, `key decisions are taken after item analysis and before approval; this window is in "${status.stage}"`);
      }
      if (!status.flagged.some((f) => f.itemId === input?.itemId)) {
        throw refuse(windowFailureTypes.unknownItem, `item "${String(input?.itemId)}" is not flagged on this window; decide one of: ${status.flagged.map((f) => f.itemId).join(', ')}`);
      }
      if (!['accept', 'rekey', 'drop'].includes(input.action)) throw refuse(windowFailureTypes.invalidDecision, 'the action must be accept, rekey or drop');
      if (input.action === 'rekey' && !['A', 'B', 'C'].includes(input.key ?? '')) throw refuse(windowFailureTypes.invalidDecision, 're-keying needs the new key: A, B or C');
      if (input.action !== 'rekey' && input.key !== undefined) throw refuse(windowFailureTypes.invalidDecision, 'only a re-key takes a key');
      if (typeof input.decidedBy !== 'string' || input.decidedBy.length === 0) throw refuse(windowFailureTypes.invalidDecision, 'say who decides (decidedBy)');
    },
    handle(input: KeyDecisionInput) {
      const record = { itemId: input.itemId, action: input.action, ...(input.action === 'rekey' ? { key: input.key } : {}), decidedBy: input.decidedBy, at: new Date().toISOString() };
      status.decisions = [...status.decisions.filter((d) => d.itemId !== input.itemId), record];
      status.counts.decided = status.decisions.length;
      version += 1;
      return { remaining: undecided(), decisions: status.decisions };
    },
  };
}

/** approveEquatingUpdate: fixes the conversion and the release time, 6 weeks after close by default, never after 8 (FAQ). */
export function approvalHandlers(status: WindowStatus, keys: ReturnType<typeof keyValidationHandlers>) {
  let approved = false;
  const releaseOf = (input: ApproveEquatingInput) => input.releaseAt ?? new Date(Date.parse(status.closedAt!) + RELEASE_DEFAULT_DAYS * MS_PER_DAY).toISOString();
  return {
    approved: () => approved,
    validate(input: ApproveEquatingInput): void {
      if (status.stage !== 'awaiting-approval' || keys.version() !== keys.equatedVersion() || approved) {
        throw refuse(windowFailureTypes.wrongStage, `approval needs an equating of the latest key decisions; this window is in "${status.stage}"`);
      }
      if (typeof input?.approvedBy !== 'string' || input.approvedBy.length === 0) throw refuse(windowFailureTypes.invalidDecision, 'say who approves (approvedBy)');
      const releaseAt = Date.parse(releaseOf(input));
      if (Number.isNaN(releaseAt)) throw refuse(windowFailureTypes.invalidDecision, `release time "${String(input.releaseAt)}" is not an ISO instant`);
      const latest = Date.parse(status.closedAt!) + RELEASE_LATEST_DAYS * MS_PER_DAY;
      if (releaseAt > latest) {
        throw refuse(windowFailureTypes.releaseTooLate, `results go out at most 8 weeks after the close (FAQ): no later than ${new Date(latest).toISOString()}`);
      }
      if (releaseAt < Date.now()) throw refuse(windowFailureTypes.releaseInPast, `the release time ${new Date(releaseAt).toISOString()} has passed; choose a later one`);
    },
    handle(input: ApproveEquatingInput) {
      approved = true;
      status.releaseAt = new Date(Date.parse(releaseOf(input))).toISOString();
      status.approvedBy = input.approvedBy;
      return { releaseAt: status.releaseAt };
    },
  };
}
