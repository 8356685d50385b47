import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { projectRoot } from '../lib/project-root';
import { failureConverterPath } from './data-converter';

const root = projectRoot(import.meta.dirname);
export const workflowsPath = join(root, 'src', 'workflows', 'index.ts');

/** Where `npm run build` writes the workflow bundle that production workers and `npm run replay -- --bundle` load. */
export const builtBundlePath = join(root, 'dist', 'workflow-bundle.js');

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

/** The workflow code of a built bundle; a missing file stops the worker with the command that builds it. */
export function workflowCode(bundlePath: string): { workflowBundle: { codePath: string } } {
  if (!existsSync(bundlePath))
    throw new Error(`WORKFLOW_BUNDLE_PATH: ${bundlePath} does not exist; build it with \`npm run build\``);
  return { workflowBundle: { codePath: bundlePath } };
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

/** An explicit bundle path must exist; otherwise the default build output is used when `npm run build` made it. */
export function builtBundleOrNone(explicit: string | undefined): string | undefined {
  if (explicit) return workflowCode(explicit).workflowBundle.codePath;
  return existsSync(builtBundlePath) ? builtBundlePath : undefined;
}
