import { afterAll, beforeAll } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { registerSearchAttributes } from '../../src/temporal/register-search-attributes';
import { notFound, resolveTemporalExecutable, toSdkExecutable } from '../../src/temporal/binaries';
import { payloadEncryption } from '../../src/temporal/data-converter';
import { allSearchAttributeKeys } from '../../src/workflows/search-attributes';

/**
 * Tests run with payload encryption on, as production does: every client and worker of a test must use
 * `testEncryption.dataConverter` (the env's own client already does).
 */
export const testEncryption = payloadEncryption('test1:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ=');

/** The time-skipping test server; a missing binary fails with the resolver's message, never a skip. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const executable = resolveTemporalExecutable('test-server');
  try {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: toSdkExecutable(executable) },
      client: { dataConverter: testEncryption.dataConverter },
    });
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    return env;
  } catch (err) {
    if (executable.type === 'cached-download') throw notFound('test-server', err);
    throw err;
  }
}

/** A time-skipping server for one test file, torn down after it; `env` is there once the file's tests run. */
export function timeSkippingSuite(): { readonly env: TestWorkflowEnvironment } {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('The test server starts in beforeAll: use suite.env inside a test.');
      return env;
    },
  };
}

/** The Temporal CLI dev server (Schedules, visibility queries), with the project's search attributes. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const executable = resolveTemporalExecutable('cli');
  try {
    return await TestWorkflowEnvironment.createLocal({
      server: { executable: toSdkExecutable(executable), searchAttributes: allSearchAttributeKeys },
      client: { dataConverter: testEncryption.dataConverter },
    });
  } catch (err) {
    if (executable.type === 'cached-download') throw notFound('cli', err);
    throw err;
  }
}
