import { readFileSync } from 'node:fs';
import type { FormImportResult } from '../../forms/import';
import { requireFlag, UsageError, type Flags } from '../args';
import { staffApi } from './staff-api';

/**
 * cli forms import --file F [--api URL --token T]: sends the form's JSON document to the staff API, which checks it
 * and stores it all or nothing; the result is JSON on stdout. A rejected document exits 2 with every problem.
 */
export async function formsCommand(words: string[], flags: Flags): Promise<unknown> {
  const call = staffApi(flags);
  if (words[0] === 'list') return (await call('GET', '/api/staff/forms')).data;
  if (words[0] !== 'import') throw new UsageError('usage: cli forms import --file FILE.json [--api URL --token T] | cli forms list');
  const file = requireFlag(flags, 'file', 'FILE (the form document, JSON)');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  return (await call<FormImportResult>('POST', '/api/staff/forms', { json })).data;
}
