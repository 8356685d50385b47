import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { equate } from '../../domain/equating/index';
import { isDomainRuleError } from '../../domain/errors';
import { requireFlag, UsageError, type Flags } from '../args';
import type { Command } from '../command';

const integers = (what: string) =>
  z.array(z.number({ error: `${what} must be numbers` }).int(`${what} must be integers`));
const distribution = z.object({
  scale: integers('scores').min(1, 'the scale needs at least one score'),
  counts: z.array(z.number({ error: 'counts must be numbers' }).nonnegative('counts must not be negative')),
});
const group = z.object({
  total: integers('total scores').min(1, 'give at least one examinee'),
  anchor: integers('anchor scores'),
});
const range = z.tuple([z.number().int(), z.number().int()], { error: 'give [min, max] as two integers' });

const randomGroups = z.object({
  design: z.literal('random-groups'),
  method: z.enum(['mean', 'linear', 'equipercentile'], {
    error: 'method for random-groups must be mean, linear or equipercentile',
  }),
  x: distribution,
  y: distribution,
});
const neat = z.object({
  design: z.literal('neat'),
  method: z.enum(['tucker', 'levine', 'chained-linear', 'frequency-estimation', 'chained-equipercentile'], {
    error: 'method for neat must be tucker, levine, chained-linear, frequency-estimation or chained-equipercentile',
  }),
  x: group,
  y: group,
  totalScale: range,
  anchorScale: range,
  w1: z.number().min(0, 'w1 must be between 0 and 1').max(1, 'w1 must be between 0 and 1').optional(),
});
const input = z.discriminatedUnion('design', [randomGroups, neat], {
  error: 'design must be "random-groups" or "neat"',
});

/** x.counts.3 → x.counts[3], so the message points at the entry to fix. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

async function readInput(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --input ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`--input ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

const INPUT_HINT = 'FILE: JSON with design, method, x and y';

/** `equate --input FILE`: equates form X to form Y (random groups or NEAT) and prints Y equivalents of every X score. */
async function equateFile(flags: Flags): Promise<unknown> {
  const file = requireFlag(flags, 'input', INPUT_HINT);
  // A missing field says so plainly instead of "expected object, received undefined".
  const parsed = input.safeParse(await readInput(file), {
    error: (iss) => (iss.input === undefined ? 'is missing' : undefined),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = pathOf(issue.path);
    throw new UsageError(
      `bad equating input in ${file}: ${where ? `${where}${issue.message === 'is missing' ? ' ' : ': '}` : ''}${issue.message}`,
    );
  }
  try {
    const r = equate(parsed.data);
    return r.slope === undefined
      ? { method: r.method, equated: r.equated }
      : { method: r.method, equated: r.equated, slope: r.slope, intercept: r.intercept };
  } catch (err) {
    if (isDomainRuleError(err)) throw new UsageError(`bad equating input in ${file}: ${err.message}`);
    throw err;
  }
}

export const equateCommand: Command = {
  summary: 'equates form X to form Y (random groups or NEAT) and prints the Y equivalent of every X score',
  actions: { '': { usage: 'equate --input FILE', flags: { input: INPUT_HINT }, run: equateFile } },
};
