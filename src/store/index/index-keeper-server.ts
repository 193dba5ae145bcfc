/**
 * The worker side of `WorkerIndexKeeper`: a `LocalIndexKeeper` over the worker's own database
 * connection, answering one call at a time in the order they arrive (the page fires `committed`, `reset`
 * and `drop` without waiting, and relies on that order).
 */
import type { Db } from '../idb/schema';
import { INDEX_WORKER_PROTOCOL, isRequest, type IndexWorkerReply, type IndexWorkerRequest, type PortLike } from './index-worker-protocol';
import { LocalIndexKeeper } from './local-index-keeper';

export function serveIndexKeeper(port: PortLike, openDatabase: (name: string) => Promise<Db>): void {
  let keeper: LocalIndexKeeper | null = null;
  let queue: Promise<void> = Promise.resolve();

  const opened = (): LocalIndexKeeper => {
    if (!keeper) throw new Error('the index worker has no database (open first)');
    return keeper;
  };

  async function answer(request: IndexWorkerRequest): Promise<{ response: unknown; transfer: Transferable[] }> {
    const p = request.payload as never;
    switch (request.call) {
      case 'open': {
        const { dbName } = p as { dbName: string };
        keeper?.close();
        keeper = new LocalIndexKeeper(await openDatabase(dbName));
        return { response: null, transfer: [] };
      }
      case 'ensure':
        return { response: await opened().ensure((p as { generation: number }).generation), transfer: [] };
      case 'add':
        return { response: await opened().add((p as { records: [] }).records), transfer: [] };
      case 'remove':
        await opened().remove((p as { ids: string[] }).ids);
        return { response: null, transfer: [] };
      case 'serialise': {
        const index = await opened().serialise();
        // As a Blob, made here: the page stores it as it is (see indexSnapshotRow), and copying tens of MB
        // into it (≈60 ms at 100k articles) is this thread's work, not the page's.
        const bytes = index.bytes instanceof Uint8Array && typeof Blob === 'function' ? new Blob([index.bytes as Uint8Array<ArrayBuffer>]) : index.bytes;
        return { response: { bytes, count: index.count }, transfer: [] };
      }
      case 'committed':
        opened().committed((p as { generation: number }).generation);
        return { response: null, transfer: [] };
      case 'reset':
        opened().reset((p as { generation: number }).generation);
        return { response: null, transfer: [] };
      case 'drop':
        keeper?.drop();
        return { response: null, transfer: [] };
      default:
        throw new Error(`unknown index worker call ${String((request as { call: unknown }).call)}`);
    }
  }

  port.addEventListener('message', (event: MessageEvent) => {
    const request = event.data as unknown;
    if (!isRequest(request)) return;
    queue = queue.then(async () => {
      let reply: IndexWorkerReply;
      let transfer: Transferable[] = [];
      if (request.v !== INDEX_WORKER_PROTOCOL) {
        reply = { v: INDEX_WORKER_PROTOCOL, id: request.id, ok: false, name: 'ProtocolError', error: `index worker protocol ${INDEX_WORKER_PROTOCOL}, asked in ${String(request.v)}` };
      } else {
        try {
          const done = await answer(request);
          reply = { v: INDEX_WORKER_PROTOCOL, id: request.id, ok: true, response: done.response as never };
          transfer = done.transfer;
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          reply = { v: INDEX_WORKER_PROTOCOL, id: request.id, ok: false, name: err.name, error: err.message };
        }
      }
      port.postMessage(reply, transfer);
    });
  });
  port.start?.();
}
