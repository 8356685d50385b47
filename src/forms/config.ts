import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { examFor, type Program } from '../domain/index';
import { projectRoot } from '../lib/project-root';

const programSchema = z.object({
  referenceFormId: z.string().regex(/^[\w-]{1,40}$/),
  assembledYear: z.number().int().min(2000).max(2199),
  rawCut: z.number().int().min(1),
  anchorItems: z.number().int().min(1),
  scoredItems: z.number().int().min(1),
  pretestItems: z.number().int().min(0),
  referenceGroup: z.object({
    examinees: z.number().int().min(10).max(100_000),
    seed: z.number().int(),
    abilityMean: z.number(),
  }),
});
const fileSchema = z.object({
  contentAreas: z.array(z.string().min(1)).min(1),
  programs: z.object({ CPCS: programSchema, CPMSM: programSchema }),
});

export type ProgramFormsConfig = z.infer<typeof programSchema>;
export type FormsConfig = z.infer<typeof fileSchema>;

export const formsConfigPath = join(projectRoot(import.meta.dirname), 'config', 'fixtures', 'reference-forms.json');

let cached: FormsConfig | undefined;

/** Read and checked once; a bad file stops with the field that is wrong (docs/architecture.md, convention 9). */
export function formsConfig(): FormsConfig {
  if (cached) return cached;
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(formsConfigPath, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `config/fixtures/reference-forms.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  for (const program of ['CPCS', 'CPMSM'] as const) checkProgram(program, parsed.data.programs[program]);
  cached = parsed.data;
  return cached;
}

function checkProgram(program: Program, c: ProgramFormsConfig): void {
  const total = c.scoredItems + c.pretestItems;
  // FAQ: "150 questions on the CPCS exam and 175 questions on the CPMSM exam".
  if (total !== examFor(program).items)
    throw new Error(`reference-forms.json: ${program} has ${total} items; the exam has ${examFor(program).items}`);
  if (c.anchorItems >= c.scoredItems)
    throw new Error(`reference-forms.json: ${program} needs fewer anchor items than scored items`);
  if (c.rawCut > c.scoredItems)
    throw new Error(`reference-forms.json: ${program} raw cut ${c.rawCut} is above its ${c.scoredItems} scored items`);
}
