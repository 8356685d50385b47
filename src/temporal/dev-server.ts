import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributeKeys } from '../workflows/search-attributes';
import { childrenOf, hasProcFs } from '../lib/processes';
import { notFound, resolveTemporalExecutable, toSdkExecutable } from './binaries';

export interface DevServer {
  address: string;
  /** Temporal UI's own address (loopback only); staff reach it through the API at /temporal. */
  uiUpstream: string;
  /** The dev server's process (a child of this one), when /proc can tell. */
  pid?: number;
  stop(): Promise<void>;
}

/** The SQLite file the dev server keeps its state in: it names the dev server of one data folder. */
export const devServerDbFilename = (dataDir: string) => join(resolve(dataDir), 'temporal.sqlite');

/**
 * The Temporal CLI's dev server with its UI, persisted in `dataDir` so a restart keeps every workflow,
 * with the project's search attributes registered.
 */
export async function startDevServer(options: {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  codecEndpoint?: string;
  uiPublicPath?: string;
}): Promise<DevServer> {
  const executable = resolveTemporalExecutable('cli');
  const dataDir = resolve(options.dataDir);
  const dbFilename = devServerDbFilename(dataDir);
  mkdirSync(dataDir, { recursive: true });
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: toSdkExecutable(executable),
        dbFilename,
        port: options.port,
        ui: true,
        uiPort: options.uiPort,
        namespace: options.namespace,
        searchAttributes: allSearchAttributeKeys,
        // The news feed would reach for the internet; the codec endpoint lets the UI show decrypted payloads. The UI
        // listens on loopback under a public path: the API serves it there to signed-in staff, on its own origin.
        extraArgs: [
          '--ui-disable-news-fetch',
          '--ui-ip',
          '127.0.0.1',
          ...(options.uiPublicPath ? ['--ui-public-path', options.uiPublicPath] : []),
          ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
        ],
      },
    });
  } catch (err) {
    if (executable.type === 'cached-download') throw notFound('cli', err);
    throw err;
  }
  // The SDK only waits until something answers on the port: make sure it is our child that does.
  const [pid] = childrenOf(process.pid, (argv) => argv.includes(dbFilename));
  if (pid === undefined && hasProcFs()) {
    await env.teardown();
    throw new Error(
      `The Temporal dev server exited as it started: is port ${options.port} (TEMPORAL_PORT) or ${options.uiPort} (TEMPORAL_UI_PORT) taken?`,
    );
  }
  return {
    address: `localhost:${options.port}`,
    uiUpstream: `http://127.0.0.1:${options.uiPort}`,
    pid,
    stop: () => env.teardown(),
  };
}
