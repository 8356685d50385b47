// Preloaded (node --require) into bench/worker-process.ts and so into every thread it starts, including the SDK's
// workflow thread, whose heap process.memoryUsage() does not see: a thread answers on a BroadcastChannel with its
// heap after a full GC (node --expose-gc). The main thread does not answer; it asks.
import v8 from 'node:v8';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';

export const heapProbeChannel = 'certflow-bench-heap-probe';

if (!isMainThread) {
  const channel = new BroadcastChannel(heapProbeChannel);
  channel.onmessage = (event) => {
    if ((event as MessageEvent).data !== 'measure') return;
    (globalThis as { gc?: () => void }).gc?.();
    const h = v8.getHeapStatistics();
    // The modules a thread loaded say whose it is (the SDK's loads workflow-worker-thread.js; Node may run loader threads).
    const script = Object.keys(require.cache).find((k) => k.includes('workflow-worker-thread')) ?? `thread ${threadId}`;
    channel.postMessage({ threadId, script, usedHeap: h.used_heap_size, totalHeap: h.total_heap_size });
  };
  // Never what keeps a thread alive.
  channel.unref();
}
