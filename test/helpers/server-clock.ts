import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * The API's clock following a time-skipping server's, so links and staff tokens are signed and checked at the
 * workflows' moment: pass `now` to startSystem, `sync` once the server runs, then `jumpTo` moves both.
 */
export function serverClock() {
  let clock = Date.now();
  return {
    now: () => new Date(clock),
    async sync(env: TestWorkflowEnvironment): Promise<void> {
      clock = await env.currentTimeMs();
    },
    async jumpTo(env: TestWorkflowEnvironment, instant: string): Promise<void> {
      const wait = Date.parse(instant) - (await env.currentTimeMs());
      clock = Date.parse(instant);
      if (wait > 0) await env.sleep(wait);
      clock = await env.currentTimeMs();
    },
  };
}
