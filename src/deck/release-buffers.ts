import { MessageChannel } from 'node:worker_threads';

/**
 * Gives buffers back to the allocator now, not at the next major GC: V8 counts big
 * typed arrays lightly, so tens of megabytes no longer needed would otherwise stay
 * resident through the rest of an import. Posting them through a port that is closed at
 * once detaches them (every view of them becomes empty); the memory is freed on the next
 * turn of the event loop.
 */
export function releaseBuffers(buffers: ArrayBuffer[]): void {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, buffers);
  port1.close();
  port2.close();
}
