import { readFileSync } from 'node:fs';
import type { FormImportResult } from '../../forms/import';
import { requireFlag, UsageError, type Flags } from '../args';
import type { Command } from '../command';
import { staffApi, staffApiFlags } from './staff-api';

const FILE_HINT = 'FILE.json (the form document)';

/**
 * cli forms import --file F [--api URL --token T]: sends the form's JSON document to the staff API, which checks it
 * and stores it all or nothing; the result is JSON on stdout. A rejected document exits 2 with every problem.
 */
async function importForm(flags: Flags): Promise<unknown> {
  const call = staffApi(flags);
  const file = requireFlag(flags, 'file', FILE_HINT);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  return (await call<FormImportResult>('POST', '/api/staff/forms', { json })).data;
}

export const formsCommand: Command = {
  summary: 'loads an exam form (JSON document) through the staff API, or lists the loaded forms',
  actions: {
    import: {
      usage: 'forms import --file FILE.json [--api URL --token T]',
      flags: { file: FILE_HINT, ...staffApiFlags },
      run: importForm,
    },
    list: {
      usage: 'forms list [--api URL --token T]',
      flags: staffApiFlags,
      run: async (flags) => (await staffApi(flags)('GET', '/api/staff/forms')).data,
    },
  },
};
