import type { Db } from '../db/database';
import { formOfAssembly, insertForm, referenceFormOf } from '../db/tables/exam-forms';
import { formAssemblyYearOf, parseProgram } from '../domain/index';
import { formsConfig } from './config';
import { assemblyFormId, assemblyFormRecord, referenceFormRecord, simulateResponses } from './generate';

/** The program's reference form and raw cut from configuration, written once (idempotent). */
export async function ensureReferenceForm(db: Db, programText: string): Promise<string> {
  const program = parseProgram(programText);
  const existing = await referenceFormOf(db, program);
  if (existing) return existing.id;
  const config = formsConfig();
  const form = referenceFormRecord(program, config);
  const group = config.programs[program].referenceGroup;
  await insertForm(db, form, simulateResponses(form.items, group.examinees, group.seed, group.abilityMean));
  return form.id;
}

/**
 * The form a window administers: FAQ, "The exam forms assembled in April are administered in the following
 * Fall testing window and subsequent Spring and Summer testing windows". Created from configuration if absent.
 */
export async function ensureFormForWindow(db: Db, programText: string, windowId: string): Promise<string> {
  const program = parseProgram(programText);
  await ensureReferenceForm(db, program);
  const year = formAssemblyYearOf(windowId);
  const existing = await formOfAssembly(db, program, year);
  if (existing) return existing.id;
  await insertForm(db, assemblyFormRecord(program, year, formsConfig()));
  return assemblyFormId(program, year);
}
