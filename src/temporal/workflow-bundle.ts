import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { failureConverterPath } from './data-converter';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Where `npm run build` writes the workflow bundle that production workers and `npm run replay` load. */
export const builtBundlePath = fileURLToPath(new URL('../../dist/workflow-bundle.js', import.meta.url));

/**
 * Bundles src/workflows once (the worker's sandbox code); the same bytes run in production and in replay. The failure
 * converter goes in too: failures raised inside workflows (a refused Update) are encoded in the sandbox.
 */
export async function buildWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: quietLogger });
}

export async function writeWorkflowBundle(path = builtBundlePath): Promise<string> {
  const { code } = await buildWorkflowBundle();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
  return path;
}

/** The workflow code a worker runs: a built bundle when one is given or present, else the sources bundled at start. */
export function workflowCode(bundlePath?: string): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const path = bundlePath ?? (existsSync(builtBundlePath) ? builtBundlePath : undefined);
  return path ? { workflowBundle: { codePath: path } } : { workflowsPath };
}

// webpack's progress lines would drown the worker's JSON logs; errors still throw.
const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => process.stderr.write(`${message}\n`),
};
