/**
 * An adapter mounted on node:http over a fresh test database, with one API key: the setup of the flow tests.
 */
import { type KyselyStore, type Provefy, type ProvefyOptions, createProvefy } from '../../src/index.js';
import type { ApiKeyCreateInput, StoreOptions } from '../../src/storage/types.js';
import { type ApiClient, client } from '../contract/contract-client.js';
import type { Target, TestDatabase } from '../storage/targets.js';
import { type Listening, listen } from './mounts.js';

export interface FlowServer {
  store: KyselyStore;
  provefy: Provefy;
  api: ApiClient;
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** The API key (secret) created for the test. */
  key: string;
  close(): Promise<void>;
}

/**
 * Opens a database of `target`, mounts `createProvefy` (no webhooks, no sweeper, plus `options`) on node:http and
 * creates one API key.
 *
 * @example
 * ```ts
 * const flow = await startFlowServer(targets[0]!, { imageRetentionMs: 3_600_000 }, { name: 'flow' });
 * await flow.api.request('POST', '/api/v1/verify', { key: flow.key, json: { checks: ['face_match'] } });
 * ```
 */
export async function startFlowServer(target: Target, options: ProvefyOptions, keyInput: ApiKeyCreateInput, storeOptions: StoreOptions = {}): Promise<FlowServer> {
  const db: TestDatabase = target.database();
  const store = await db.open(storeOptions);
  const provefy = createProvefy({ store, webhooks: false, sweepIntervalMs: 0, ...options });
  await provefy.ready();
  const server: Listening = await listen('node-http', provefy.fetch);
  const key = (await store.apiKeys.create(keyInput)).key;
  return {
    store,
    provefy,
    api: client(server.baseUrl),
    baseUrl: server.baseUrl,
    key,
    async close() {
      await server.close();
      await provefy.close();
      await db.cleanup();
    },
  };
}
