import { allHandlersFinished, condition, upsertMemo } from '@temporalio/workflow';
import { recordWhatCameWithTheApplication } from './submission';
import { attended, installAttention } from './attention';
import { cleanUpOnCancel } from './cancellation';
import { FINAL_STAGES, type ExamApplicationInput } from './contract';
import { email, moveTo, nowIso, withLock } from './effects';
import { chargeApplication } from './fees';
import { installHandlers } from './handlers';
import { initialState, ms, type LifecycleState } from './state';
import { perform } from './steps';
import { nextStep, settleNoShowRule } from './timeline';

/** One candidate × program × testing window, from submission to its end (docs/architecture.md, Workflows). */
export async function examApplicationWorkflow(input: ExamApplicationInput): Promise<void> {
  const s = initialState(input, nowIso());
  installHandlers(s);
  installAttention(s);
  await cleanUpOnCancel(s, () => runCase(s, input));
}

async function runCase(s: LifecycleState, input: ExamApplicationInput): Promise<void> {
  upsertMemo({ candidateName: `${input.candidate.firstName} ${input.candidate.lastName}` });
  const over = () => FINAL_STAGES.includes(s.stage);

  await withLock(
    s,
    () => undefined,
    () =>
      attended(s, async () => {
        await moveTo(s, 'submitted');
        await chargeApplication(s);
        await recordWhatCameWithTheApplication(s);
        await email(s, { kind: 'application-received', program: input.program, windowId: input.windowId });
        // Staff decide eligibility (FAQ: NAMSS is "unable to pre-approve any specific experience").
        if (s.stage === 'submitted') await moveTo(s, 'eligibility-review');
      }),
  );

  // Handlers change the case; this loop sleeps until the next due step or the next change, whichever is first.
  while (!over()) {
    const epoch = s.epoch;
    settleNoShowRule(s);
    const step = nextStep(s, nowIso());
    if (!step) {
      await condition(() => s.epoch !== epoch || over());
      continue;
    }
    const wait = ms(step.at) - Date.now();
    if (wait > 0 && (await condition(() => s.epoch !== epoch || over(), wait, { summary: step.key }))) continue;
    await withLock(
      s,
      () => undefined,
      async () => {
        if (s.epoch !== epoch || over()) return; // something changed while we waited for our turn: plan again
        await attended(s, () => perform(s, step));
        s.done.push(step.key);
        s.epoch++;
      },
    );
  }
  // Let an Update that just finished the case answer its caller before the workflow completes.
  await condition(allHandlersFinished);
}
