import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { WorkerDeploymentOptions } from '@temporalio/worker';
import { projectRoot } from '../lib/project-root';
import type { Logger } from '../logger';

const root = projectRoot(import.meta.dirname);

/** What `npm run build` stamps into dist/build-info.json: the version the workers of this build announce. */
export interface BuildInfo {
  version: string;
  commit: string;
  buildId: string;
}

/**
 * The build id of the code a worker runs: TEMPORAL_BUILD_ID when set; for a built bundle, the stamp `npm run build`
 * wrote beside it; for sources, the package version and the git commit (`0.1.0+1a2b3c4d5e6f`, `.dirty` when src/ has
 * uncommitted changes).
 */
export function currentBuild(explicit?: string, bundlePath?: string): BuildInfo {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  if (explicit) return { version, commit: 'unknown', buildId: explicit };
  const stamped = bundlePath ? join(dirname(bundlePath), 'build-info.json') : undefined;
  if (stamped && existsSync(stamped)) return JSON.parse(readFileSync(stamped, 'utf8')) as BuildInfo;
  const commit = gitCommit();
  return { version, commit, buildId: `${version}+${commit}` };
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no', '--', 'src') ? `${head}.dirty` : head;
  } catch {
    return 'nogit';
  }
}

/**
 * Worker Deployment Versioning: every worker of one build announces (deployment, build id). Workflows default to
 * AUTO_UPGRADE: a case lives for months or years, longer than any build, so it moves to the current build at its next
 * task, and `patched()` plus the replay histories keep that safe (docs/versioning.md).
 */
export function deploymentOptions(deploymentName: string, buildId: string): WorkerDeploymentOptions {
  return { version: { deploymentName, buildId }, useWorkerVersioning: true, defaultVersioningBehavior: 'AUTO_UPGRADE' };
}

/**
 * Makes this worker's version the deployment's current one once the server has seen it poll (a version must have
 * pollers before it can be current). Used where one build runs at a time; a blue-green rollout promotes by hand.
 */
export async function promoteWhenPolling(
  client: Client,
  namespace: string,
  version: { deploymentName: string; buildId: string },
  log: Logger,
  timeoutMs = 60_000,
): Promise<void> {
  const svc = client.workflowService;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const described = await svc.describeWorkerDeployment({ namespace, deploymentName: version.deploymentName });
      const current = described.workerDeploymentInfo?.routingConfig?.currentDeploymentVersion;
      if (current?.buildId === version.buildId) return;
      const known = described.workerDeploymentInfo?.versionSummaries?.some(
        (v) => v.deploymentVersion?.buildId === version.buildId,
      );
      if (known) {
        await svc.setWorkerDeploymentCurrentVersion({
          namespace,
          deploymentName: version.deploymentName,
          buildId: version.buildId,
          identity: 'certflow-worker',
        });
        log.info(
          { deployment: version.deploymentName, buildId: version.buildId, previous: current?.buildId ?? null },
          'worker deployment version made current',
        );
        return;
      }
    } catch (err) {
      // NOT_FOUND until the first poll registers the deployment; anything else is retried until the deadline too.
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `worker deployment ${version.deploymentName} never saw build ${version.buildId} poll within ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}
