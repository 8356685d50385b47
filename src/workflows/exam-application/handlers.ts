import { setHandler } from '@temporalio/workflow';
import { accommodationDecision, accommodationRequest } from './accommodation';
import { appointmentReport, rescheduleRequest } from './appointment';
import { lockedSignal, lockedUpdate } from './case-messages';
import * as contract from './contract';
import { eligibilityDecision } from './eligibility';
import type { LifecycleState } from './state';
import { statusOf } from './status';
import { transferRequest } from './transfer';
import { takeVendorResult, vendorResultSignal } from './vendor-signals';
import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  takeEquatingApproved,
  takeScoreReleased,
  takeWindowClosed,
  windowClosedSignal,
} from './window-signals';
import { withdrawalRequest } from './withdrawal';

/** Every Query, Update and Signal of the application (docs/architecture.md, Messages: Updates may refuse, signals never answer). */
export function installHandlers(s: LifecycleState): void {
  setHandler(contract.statusQuery, () => statusOf(s));
  lockedUpdate(s, contract.eligibilityDecisionUpdate, eligibilityDecision);
  lockedSignal(s, contract.eligibilityDecisionSignal, eligibilityDecision);
  lockedUpdate(s, contract.accommodationRequestUpdate, accommodationRequest);
  lockedUpdate(s, contract.accommodationDecisionUpdate, accommodationDecision);
  lockedSignal(s, contract.accommodationDecisionSignal, accommodationDecision);
  lockedUpdate(s, contract.reportAppointmentUpdate, appointmentReport);
  lockedUpdate(s, contract.rescheduleUpdate, rescheduleRequest);
  lockedUpdate(s, contract.requestTransferUpdate, transferRequest);
  lockedUpdate(s, contract.withdrawUpdate, withdrawalRequest);
  setHandler(vendorResultSignal, (r) => takeVendorResult(s, r));
  setHandler(windowClosedSignal, (w) => takeWindowClosed(s, w));
  setHandler(equatingApprovedSignal, (e) => takeEquatingApproved(s, e));
  setHandler(scoreReleasedSignal, (r) => takeScoreReleased(s, r));
}
