/**
 * SQLite group commit (storage/dialects/sqlite/sqlite-driver.ts): the writes of one event-loop turn share a COMMIT,
 * and no write is answered before it is committed. Checked on a real database file, read back through a second,
 * independent connection (what another process would see).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type KyselyStore, createStore } from '../../src/index.js';
import { TEST_KEY } from './targets.js';

const dirs: string[] = [];
const stores: KyselyStore[] = [];

async function openStore(file?: string): Promise<{ store: KyselyStore; file: string }> {
  let path = file;
  if (!path) {
    const dir = mkdtempSync(join(tmpdir(), 'provefy-group-'));
    dirs.push(dir);
    path = join(dir, 'db.sqlite');
  }
  const store = createStore({ dialect: 'sqlite', filename: path }, { encryption: { key: TEST_KEY } });
  await store.migrate();
  stores.push(store);
  return { store, file: path };
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const hour = () => new Date(Date.now() + 3_600_000);

describe('SQLite group commit', () => {
  it('answers each of 50 concurrent writes only once another connection can read it', async () => {
    const { store, file } = await openStore();
    const { apiKey } = await store.apiKeys.create({ name: 'group' });
    const reader = new Database(file, { readonly: true });
    try {
      const count = reader.prepare('select count(*) as n from provefy_sessions where id = ?');
      const seenAtAnswer: number[] = [];
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const { session } = await store.sessions.create({ id: `s${i}`, apiKeyId: apiKey.id, document: { i }, expiresAt: hour() });
          seenAtAnswer.push((count.get(session.id) as { n: number }).n);
        }),
      );
      expect(seenAtAnswer).toEqual(Array(50).fill(1));
    } finally {
      reader.close();
    }
  });

  it('a write that fails (duplicate id) fails alone; the others of its turn are committed', async () => {
    const { store, file } = await openStore();
    const { apiKey } = await store.apiKeys.create({ name: 'group' });
    const results = await Promise.allSettled(
      ['a', 'b', 'a', 'c'].map((id) => store.sessions.create({ id, apiKeyId: apiKey.id, document: { id }, expiresAt: hour() })),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const reader = new Database(file, { readonly: true });
    try {
      expect((reader.prepare('select id from provefy_sessions order by id').all() as { id: string }[]).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    } finally {
      reader.close();
    }
  });

  it('a transaction started while writes are waiting commits them first and runs after them', async () => {
    const { store } = await openStore();
    const { apiKey } = await store.apiKeys.create({ name: 'group' });
    const pending = store.sessions.create({ id: 'before', apiKeyId: apiKey.id, document: {}, expiresAt: hour() });
    const inTx = await store.transaction(async (tx) => (await tx.sessions.get('before'))?.id ?? null);
    expect(inTx).toBe('before');
    await pending;
    expect((await store.sessions.get('before'))?.id).toBe('before');
  });

  it('two stores on one file in one process write in the same turns without waiting on each other', async () => {
    const first = await openStore();
    const second = await openStore(first.file);
    const { apiKey } = await first.store.apiKeys.create({ name: 'group' });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? first.store : second.store).sessions.create({ id: `t${i}`, apiKeyId: apiKey.id, document: {}, expiresAt: hour() }),
      ),
    );
    // A connection waiting for a lock the other holds until a later loop turn would block for busy_timeout (5 s).
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((await second.store.sessions.list({ apiKeyId: apiKey.id, limit: 100 })).total).toBe(40);
  });

  it('checkpoints run in a worker thread: the database file takes the committed pages while the WAL stays below the serving connection\'s own threshold', async () => {
    const { store, file } = await openStore();
    const { apiKey } = await store.apiKeys.create({ name: 'group' });
    const before = statSync(file).size;
    // 100 commits of one ~2 KB row each: ~100 new pages, ~700 WAL frames (a commit rewrites the index leaves too),
    // under SQLite's default automatic checkpoint (1,000 frames), so only the checkpoint worker (asked every 8
    // commits) can have copied them into the database file.
    for (let i = 0; i < 100; i++) await store.sessions.create({ apiKeyId: apiKey.id, document: { pad: 'x'.repeat(1500) }, expiresAt: hour() });
    const deadline = Date.now() + 10_000;
    while (statSync(file).size <= before + 50 * 4096 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(before + 50 * 4096);
    await store.close(); // the worker exits (a store left open would not keep the process alive either)
    stores.splice(stores.indexOf(store), 1);
    const reader = new Database(file, { readonly: true });
    try {
      expect((reader.prepare('select count(*) as n from provefy_sessions').get() as { n: number }).n).toBe(100);
    } finally {
      reader.close();
    }
  });

  it('a store left open (its checkpoint worker started) does not keep the process alive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provefy-open-'));
    dirs.push(dir);
    const script = join(dirname(fileURLToPath(import.meta.url)), 'scripts', 'open-sqlite-store.ts');
    const run = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      // A hang, not a speed limit: the script itself takes a second or two.
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearTimeout(killer);
        resolve({ code, signal, out, err });
      });
    });
    expect(run.out).toContain('committed 40');
    expect(run.signal, `killed: the process did not exit by itself\n${run.err}`).toBeNull();
    expect(run.code, run.err).toBe(0);
  });
});
