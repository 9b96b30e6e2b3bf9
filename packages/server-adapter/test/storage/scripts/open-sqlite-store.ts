/**
 * Child process of `sqlite-group-commit.test.ts`: opens a SQLite store, commits enough groups to start the
 * checkpoint worker, and ends its script without closing the store. The process must then exit by itself.
 */
import { join } from 'node:path';
import { createStore } from '../../../src/index.js';
import { TEST_KEY } from '../targets.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: open-sqlite-store.ts DIR');
const store = createStore({ dialect: 'sqlite', filename: join(dir, 'db.sqlite') }, { encryption: { key: TEST_KEY } });
await store.migrate();
const { apiKey } = await store.apiKeys.create({ name: 'left open' });
for (let i = 0; i < 40; i++) await store.sessions.create({ apiKeyId: apiKey.id, document: { i }, expiresAt: new Date(Date.now() + 3_600_000) });
process.stdout.write('committed 40\n');
