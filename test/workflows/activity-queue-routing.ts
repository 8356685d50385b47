import { Context } from '@temporalio/activity';

/** Wraps activities so that each call notes the task queue its worker polled: which worker ran it. */
export function notingQueues<T extends object>(activities: T): { activities: T; ranOn: (name: string) => string[] } {
  const seen: { name: string; taskQueue: string }[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        seen.push({ name, taskQueue: Context.current().info.taskQueue });
        return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as T;
  return {
    activities: wrapped,
    ranOn: (name) => [...new Set(seen.filter((s) => s.name === name).map((s) => s.taskQueue))],
  };
}
