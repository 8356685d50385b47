import { refuse } from '../refusals';
import type { CeChangeResult, CeEntryInput } from './contract';
import { editable, entryProblems, meterOf, missingOf } from './rules';
import { requireCycleOpen, today, type CycleMessage, type RunContext } from './run-context';

function entryChange(ctx: RunContext, entryId: string): CeChangeResult {
  ctx.changed();
  return { entryId, meter: meterOf(ctx.state), missing: missingOf(ctx.state) };
}

function checkEntry(ctx: RunContext, entry: CeEntryInput): void {
  const s = ctx.state;
  requireCycleOpen(ctx);
  const problems = entryProblems(entry, s, today());
  if (problems.length > 0) refuse('InvalidCeEntry', problems.join(' '));
}

/** addCeEntryUpdate: a new line on the CE grid. */
export const addCeEntry: CycleMessage<CeEntryInput, CeChangeResult> = {
  check: checkEntry,
  act: (ctx, entry) => {
    const s = ctx.state;
    const id = `${s.cycle!.dueYear}-${s.nextEntryNumber++}`;
    s.entries.push({
      id,
      title: entry.title.trim(),
      provider: entry.provider.trim(),
      completedOn: entry.completedOn,
      hours: entry.hours,
      kind: entry.kind,
      status: 'reported',
      ...(entry.document ? { document: entry.document } : {}),
    });
    return entryChange(ctx, id);
  },
};

/** editCeEntryUpdate: an entry not yet submitted changes. */
export const editCeEntry: CycleMessage<Partial<CeEntryInput> & { entryId: string }, CeChangeResult> = {
  check: (ctx, { entryId, ...change }) => {
    const entry = ctx.state.entries.find((e) => e.id === entryId);
    if (!entry) refuse('NoSuchEntry', `There is no CE entry ${entryId}.`);
    if (!editable(entry)) refuse('EntryLocked', 'This entry went in with a submission and can no longer be changed.');
    checkEntry(ctx, { ...entry!, ...change });
  },
  act: (ctx, { entryId, ...change }) => {
    const entry = ctx.state.entries.find((e) => e.id === entryId)!;
    Object.assign(
      entry,
      change,
      change.title ? { title: change.title.trim() } : {},
      change.provider ? { provider: change.provider.trim() } : {},
    );
    return entryChange(ctx, entryId);
  },
};

/** removeCeEntryUpdate: an entry not yet submitted goes. */
export const removeCeEntry: CycleMessage<{ entryId: string }, CeChangeResult> = {
  check: (ctx, { entryId }) => {
    const entry = ctx.state.entries.find((e) => e.id === entryId);
    if (!entry) refuse('NoSuchEntry', `There is no CE entry ${entryId}.`);
    if (!editable(entry)) refuse('EntryLocked', 'This entry went in with a submission and can no longer be removed.');
  },
  act: (ctx, { entryId }) => {
    ctx.state.entries = ctx.state.entries.filter((e) => e.id !== entryId);
    return entryChange(ctx, entryId);
  },
};
