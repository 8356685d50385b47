import { setHandler } from '@temporalio/workflow';
import { withAttention } from './attention';
import { addCeEntry, editCeEntry, removeCeEntry } from './ce-entries';
import { onCertification } from './certification-earned';
import * as contract from './contract';
import { completeDetermination, entryDetermination, entryDeterminationSignal } from './determination';
import { extensionRequest } from './extension';
import { cycleUpdate, type RunContext } from './run-context';
import { statusOf } from './status';
import { reinstate, submitRecertification } from './submission';

/** Every Query, Update and Signal of the cycle (docs/architecture.md, Messages: Updates may refuse, signals never answer). */
export function registerHandlers(ctx: RunContext): void {
  setHandler(contract.statusQuery, () => withAttention(ctx.state, statusOf(ctx.state, ctx.policy)));
  setHandler(contract.certificationEarnedSignal, (c) => onCertification(ctx, c));
  cycleUpdate(ctx, contract.addCeEntryUpdate, addCeEntry);
  cycleUpdate(ctx, contract.editCeEntryUpdate, editCeEntry);
  cycleUpdate(ctx, contract.removeCeEntryUpdate, removeCeEntry);
  cycleUpdate(ctx, contract.submitRecertificationUpdate, submitRecertification);
  cycleUpdate(ctx, contract.reinstateUpdate, reinstate);
  cycleUpdate(ctx, contract.requestExtensionUpdate, extensionRequest);
  cycleUpdate(ctx, contract.determineEntryUpdate, entryDetermination);
  setHandler(contract.determineEntrySignal, entryDeterminationSignal(ctx));
  cycleUpdate(ctx, contract.completeDeterminationUpdate, completeDetermination);
}
