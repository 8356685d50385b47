import { ApplicationFailure } from '@temporalio/common';

type Activity = (...args: any[]) => Promise<unknown>;

/**
 * Mocked activities that staff can see break: a broken activity fails non-retryably (as a refused badge or a
 * record not on file does) until it is repaired. Every failed attempt is kept.
 */
export class Breakable {
  private readonly broken = new Map<string, { message: string; type: string; when: (input: any) => boolean }>();
  readonly failures: { name: string; input: unknown }[] = [];

  /** Breaks `name` for the calls `when` picks (default: every call). */
  break(name: string, message: string, type = 'BadgeRejected', when: (input: any) => boolean = () => true): void {
    this.broken.set(name, { message, type, when });
  }

  repair(name: string): void {
    this.broken.delete(name);
  }

  failed(name: string): any[] {
    return this.failures.filter((f) => f.name === name).map((f) => f.input);
  }

  wrap<T extends object>(activities: T): T {
    return Object.fromEntries(
      Object.entries(activities).map(([name, fn]) => [
        name,
        async (...args: unknown[]) => {
          const failure = this.broken.get(name);
          if (!failure?.when(args[0])) return (fn as Activity)(...args);
          this.failures.push({ name, input: args[0] });
          throw ApplicationFailure.nonRetryable(failure.message, failure.type);
        },
      ]),
    ) as T;
  }
}
