import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributeKeys } from '../workflows/search-attributes';
import { notFound, resolveTemporalExecutable, toSdkExecutable } from './binaries';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * The Temporal CLI's dev server with its UI, persisted in `dataDir` so a restart keeps every workflow,
 * with the project's search attributes registered.
 */
export async function startDevServer(options: { dataDir: string; port: number; uiPort: number; namespace: string; codecEndpoint?: string }): Promise<DevServer> {
  const executable = resolveTemporalExecutable('cli');
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: toSdkExecutable(executable),
        dbFilename: join(dataDir, 'temporal.sqlite'),
        port: options.port,
        ui: true,
        uiPort: options.uiPort,
        namespace: options.namespace,
        searchAttributes: allSearchAttributeKeys,
        // The news feed would reach for the internet; the codec endpoint lets the UI show decrypted payloads.
        extraArgs: ['--ui-disable-news-fetch', ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : [])],
      },
    });
  } catch (err) {
    if (executable.type === 'cached-download') throw notFound('cli', err);
    throw err;
  }
  return {
    address: `localhost:${options.port}`,
    uiUrl: `http://localhost:${options.uiPort}`,
    stop: () => env.teardown(),
  };
}
