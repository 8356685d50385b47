import type { Db } from '../db/database';
import { formOfAssembly, insertForm, referenceFormOf } from '../db/tables/exam-forms';
import { formAssemblyYearOf, parseProgram } from '../domain/index';
import { formsConfig } from './config';
import { assemblyFormId, assemblyFormRecord, referenceFormRecord, simulateResponses } from './generate';

/** Whether missing forms may be simulated from config/fixtures/reference-forms.json (FORMS_SIMULATED). */
export interface FormsOptions {
  simulated: boolean;
}

/** No real form is loaded and simulation is off: the message says what to load and how. */
export class FormNotLoadedError extends Error {
  override name = 'FormNotLoadedError';
}

const howToLoad = 'load it with POST /api/staff/forms (or `cli forms import`)';

/** The program's reference form: the loaded one, else (simulation allowed) the configured one, written once. */
export async function ensureReferenceForm(db: Db, programText: string, options: FormsOptions): Promise<string> {
  const program = parseProgram(programText);
  const existing = await referenceFormOf(db, program);
  if (existing) return existing.id;
  if (!options.simulated) throw new FormNotLoadedError(`No reference form is loaded for ${program}: ${howToLoad}.`);
  const config = formsConfig();
  const form = referenceFormRecord(program, config);
  const group = config.programs[program].referenceGroup;
  await insertForm(db, form, simulateResponses(form.items, group.examinees, group.seed, group.abilityMean));
  return form.id;
}

/**
 * The form a window administers: FAQ, "The exam forms assembled in April are administered in the following
 * Fall testing window and subsequent Spring and Summer testing windows". The loaded form of that April; simulated
 * from configuration only when `options.simulated` (never for real scores).
 */
export async function ensureFormForWindow(
  db: Db,
  programText: string,
  windowId: string,
  options: FormsOptions,
): Promise<string> {
  const program = parseProgram(programText);
  const year = formAssemblyYearOf(windowId);
  const existing = await formOfAssembly(db, program, year);
  if (existing) {
    await ensureReferenceForm(db, program, options);
    return existing.id;
  }
  if (!options.simulated)
    throw new FormNotLoadedError(`No form assembled in April ${year} is loaded for ${program}: ${howToLoad}.`);
  const referenceId = await ensureReferenceForm(db, program, options);
  // A simulated form shares its anchors with the simulated reference only; beside a loaded one it could not be equated.
  if (referenceId !== formsConfig().programs[program].referenceFormId) {
    throw new FormNotLoadedError(
      `No form assembled in April ${year} is loaded for ${program}, and none can be simulated beside the loaded reference form ${referenceId}: ${howToLoad}.`,
    );
  }
  await insertForm(db, assemblyFormRecord(program, year, formsConfig()));
  return assemblyFormId(program, year);
}
