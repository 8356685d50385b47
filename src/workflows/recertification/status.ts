import { nextRecertificationCycle, recertificationFeeQuote, type Policy } from '../../domain/index';
import type { RecertificationState, RecertificationStatus } from './contract';
import { deadlineOf, meterOf, missingOf, stageOf } from './rules';
import { today } from './run-context';

/** The statusQuery answer: the cycle, its meters and fees, as the certificant's grid and staff read them. */
export function statusOf(state: RecertificationState, policy: Policy): RecertificationStatus {
  const base = {
    certificantId: state.certificantId,
    name: `${state.name.firstName} ${state.name.lastName}`.trim(),
    stage: stageOf(state, today()),
    credentials: state.credentials,
    entries: state.entries,
    renewals: state.renewals,
    missing: missingOf(state),
  };
  if (!state.cycle) return base;
  const cycle = state.cycle;
  const joining = state.joining?.length
    ? { joining: state.joining.map((c) => ({ ...c, dueDate: nextRecertificationCycle(cycle, policy).dueDate })) }
    : {};
  const reinstatement = base.stage === 'reinstatement' || base.stage === 'lapsed';
  return {
    ...base,
    ...joining,
    cycle: state.cycle,
    cycleStartsOn: state.cycleStartsOn,
    deadline: deadlineOf(state),
    meter: meterOf(state),
    acceptedMeter: meterOf(state, 'accepted'),
    fee: recertificationFeeQuote(
      { membership: state.membership, certifications: state.cycle.certifications, reinstatement },
      policy,
    ),
    membership: state.membership,
    feeByMembership: {
      member: recertificationFeeQuote(
        { membership: 'member', certifications: state.cycle.certifications, reinstatement },
        policy,
      ),
      'non-member': recertificationFeeQuote(
        { membership: 'non-member', certifications: state.cycle.certifications, reinstatement },
        policy,
      ),
    },
    submission: state.submission,
    extension: state.extension,
    lapsedOn: state.lapsedOn,
  };
}
