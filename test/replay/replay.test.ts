import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { buildWorkflowBundle } from '../../src/temporal/workflow-bundle';
import { readHistories } from './history-files';
import { replayHistories } from './replay-histories';

Runtime.install({ logger: new DefaultLogger('WARN') });
const histories = readHistories();

describe('recorded histories replay against the workflow code (docs/versioning.md)', () => {
  it('has histories of every workflow type the worker registers', async () => {
    const registered = Object.keys(await import('../../src/workflows/index')).sort();
    expect([...new Set(histories.map((h) => h.workflowType))].sort()).toEqual(registered);
  });

  it('replays every checked-in history without a nondeterminism error', { timeout: 180_000 }, async () => {
    const outcomes = await replayHistories({ workflowBundle: await buildWorkflowBundle() }, histories);
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    expect(outcomes).toHaveLength(histories.length);
  });

  it('fails replay when a workflow gains one command at its start', { timeout: 180_000 }, async () => {
    const workflowsPath = fileURLToPath(new URL('./fixtures/incompatible-workflows.ts', import.meta.url));
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    const exam = histories.filter((h) => h.workflowType === 'examApplicationWorkflow');
    const outcomes = await replayHistories({ workflowBundle: bundle }, [
      ...exam,
      ...histories.filter((h) => h.workflowType === 'accessLinksWorkflow'),
    ]);
    for (const o of outcomes.filter((x) => x.file.startsWith('examApplicationWorkflow/')))
      expect(o.error, o.file).toMatch(/DeterminismViolationError|[Nn]ondetermin/);
    expect(outcomes.find((o) => o.file.startsWith('accessLinksWorkflow/'))!.error).toBeUndefined();
    expect(outcomes).toHaveLength(exam.length + 1);
  });
});
