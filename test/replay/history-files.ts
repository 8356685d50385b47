import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;

// The proto3 JSON of the protobufjs copy that @temporalio/proto was built with. The SDK's historyToJSON/FromJSON
// take protojson from @temporalio/common's own copy, and with two copies installed they throw "type must be a Type".
const requireFromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const protojson = requireFromProto('protobufjs/ext/protojson') as {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: object): unknown;
};
const historyType = (
  patchProtobufRoot(proto) as unknown as { lookupType(name: string): { fromObject(o: unknown): unknown } }
).lookupType('temporal.api.history.v1.History');

/** History as the proto3 JSON that `temporal workflow show --output json` also writes. */
export function historyToJSON(history: History): unknown {
  return protojson.toJson(historyType, historyType.fromObject(history));
}

export function historyFromJSON(json: unknown): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}

/** Checked-in histories: test/replay/histories/<workflowType>/<scenario>.json (docs/versioning.md). */
export const historiesDir = fileURLToPath(new URL('./histories', import.meta.url));

/** The test key every history was recorded with; replay decrypts with it through the production data converter. */
export const recordingCodecKeys = 'test1:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ=';

export interface StoredHistory {
  file: string;
  workflowType: string;
  workflowId: string;
  history: History;
}

/** Every stored history, sorted by path so a failure names the same file every run. */
export function readHistories(dir = historiesDir): StoredHistory[] {
  const out: StoredHistory[] = [];
  for (const type of readdirSync(dir).sort()) {
    for (const name of readdirSync(join(dir, type))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const file = join(dir, type, name);
      const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      out.push({
        file: `${type}/${name}`,
        workflowType: started?.workflowType?.name ?? type,
        workflowId: `${type}/${name}`,
        history,
      });
    }
  }
  return out;
}

/**
 * Writes every run of a workflow chain, oldest first: `<scenario>.json`, or `<scenario>.run-<n>.json` when the
 * chain continued as new (each run is replayed on its own). The chain is the latest under the workflow id, or the
 * one ending with `lastRunId` (an earlier chain under the same id).
 */
export async function saveChain(
  client: Client,
  workflowId: string,
  scenario: string,
  dir = historiesDir,
  lastRunId?: string,
): Promise<string[]> {
  const runs: History[] = [];
  let runId: string | undefined = lastRunId;
  for (;;) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) break;
    runId = previous;
  }
  const type = runs[0]!.events![0]!.workflowExecutionStartedEventAttributes!.workflowType!.name!;
  mkdirSync(join(dir, type), { recursive: true });
  return runs.map((history, i) => {
    const name = runs.length === 1 ? `${scenario}.json` : `${scenario}.run-${i + 1}.json`;
    writeFileSync(join(dir, type, name), `${JSON.stringify(historyToJSON(history), null, 1)}\n`);
    return `${type}/${name}`;
  });
}
