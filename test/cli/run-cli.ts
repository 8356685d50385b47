import { execFile } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the staff CLI as staff would (`npm run -s cli -- …` is `tsx src/cli/main.ts …`), with no API token in reach. */
export function runCli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const env = { ...process.env, CERTFLOW_API_TOKEN: '', CERTFLOW_API_URL: 'http://127.0.0.1:9' };
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, env, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
