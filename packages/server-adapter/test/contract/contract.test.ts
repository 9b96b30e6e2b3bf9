/**
 * The contract suite (contract-cases.ts) over every mount (node:http, Express, Fastify, Hono) × both databases
 * (SQLite temp file; PostgreSQL at 127.0.0.1:5432 db `test` in a unique schema), with real HTTP on loopback.
 * PostgreSQL combinations skip locally when PostgreSQL is unreachable and fail under CI=true (test/helpers/requirement.ts).
 */
import { afterAll, beforeAll } from 'vitest';
import { type Provefy, createProvefy } from '../../src/index.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, MOUNTS, listen } from '../support/mounts.js';
import { type ContractEnv, client, contractCases } from './contract-cases.js';

const ADMIN_TOKEN = 'contract-admin-token-0123456789abcdef';
/** Webhook hosts of the contract cases resolve to a public address without network (the SSRF check resolves them). */
const resolveHost = async (host: string) => {
  if (host.endsWith('example.com')) return [{ address: '93.184.216.34', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

for (const target of targets) {
  for (const mount of MOUNTS) {
    target.describe(`contract: ${mount} on ${target.name}`, () => {
      let db: TestDatabase;
      let provefy: Provefy;
      let server: Listening;
      let env: ContractEnv;
      beforeAll(async () => {
        db = target.database();
        const store = await db.open();
        provefy = createProvefy({
          store,
          adminToken: ADMIN_TOKEN,
          resolveHost,
          webhooks: { pollIntervalMs: 100 },
          sweepIntervalMs: 0,
          logger: { error: console.error, warn: () => {}, info: () => {} },
        });
        await provefy.ready();
        server = await listen(mount, provefy.fetch);
        env = { api: client(server.baseUrl), adminToken: ADMIN_TOKEN };
      });
      afterAll(async () => {
        await server?.close();
        await provefy?.close();
        await db?.cleanup();
      });
      contractCases(() => env);
    });
  }
}
