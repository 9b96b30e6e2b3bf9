/**
 * PostgreSQL: the hot-path queries (the rate-limit hit, the session reads, the session insert) run as named
 * (server-side prepared) statements on the store's connections, and still give the right results when two stores use
 * different schemas (the same statement names on different `search_path`s) and after a migration adds a column.
 *
 * Each store here has a pool of one connection, so the statements the test looks for in `pg_prepared_statements`
 * (which lists the current connection's) were prepared on the connection the test asks on.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/index.js';
import { PG_URL, type TestDatabase, targets } from './targets.js';

const target = targets.find((t) => t.name === 'postgres')!;

interface Prepared {
  name: string;
  statement: string;
  from_sql: boolean;
  executions: number;
  generic_plans: number;
}

/** The statements prepared on the store's (single) connection, with how often each ran. */
async function preparedOn(store: KyselyStore): Promise<Prepared[]> {
  const r = await sql<Prepared>`select name, statement, from_sql, (generic_plans + custom_plans)::int as executions, generic_plans::int from pg_prepared_statements`.execute(
    store.db,
  );
  return r.rows;
}

function find(list: Prepared[], pattern: RegExp): Prepared | undefined {
  return list.find((p) => pattern.test(p.statement));
}

target.describe('named statements on PostgreSQL', () => {
  let databases: TestDatabase[] = [];
  let a: KyselyStore;
  let b: KyselyStore;
  let clock = Date.UTC(2026, 0, 1, 12, 0, 10);
  const now = () => clock;

  beforeAll(async () => {
    // Two schemas, a store with a pool of one connection on each.
    databases = [target.database(), target.database()];
    [a, b] = (await Promise.all(databases.map((d) => d.open({ now }, { poolSize: 1 })))) as [KyselyStore, KyselyStore];
  });

  afterAll(async () => {
    for (const d of databases) await d.cleanup();
  });

  it('runs the rate-limit hit, the session insert and both session reads as named statements', async () => {
    const { apiKey } = await a.apiKeys.create({ name: 'named' });
    const expiresAt = new Date(clock + 3_600_000);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await a.sessions.create({ apiKeyId: apiKey.id, document: { n: i }, expiresAt, externalRef: `ref-${i}` })).session.id);
    for (const id of ids) expect((await a.sessions.get(id))?.document).toEqual({ n: ids.indexOf(id) });
    for (const id of ids) expect((await a.sessions.get(id, { apiKeyId: apiKey.id }))?.externalRef).toBe(`ref-${ids.indexOf(id)}`);
    for (let i = 1; i <= 7; i++) expect((await a.rateLimits.hit('named:bucket', 100, { windowMs: 60_000 })).remaining).toBe(100 - i);

    const prepared = await preparedOn(a);
    const hot = {
      hit: find(prepared, /^insert into "provefy_rate_limits"/),
      insert: find(prepared, /^insert into "provefy_sessions"/),
      get: find(prepared, /^select .* from "provefy_sessions" where "id" = \$1$/),
      // One key's reads share a statement (`id in (…)`, one text per count); one at a time, each is `in ($2)`.
      getForKey: find(prepared, /^select .* from "provefy_sessions" where "api_key_id" = \$1 and "id" in \(\$2\)$/),
    };
    for (const [what, p] of Object.entries(hot)) {
      expect(p, `${what} is a prepared statement on the connection`).toBeDefined();
      expect(p!.from_sql, what).toBe(false); // prepared through the protocol (Parse with a name), not PREPARE
      expect(p!.name, what).toMatch(/^provefy_[0-9a-f]{24}$/);
      expect(p!.executions, `${what} was parsed once and executed every time`).toBeGreaterThanOrEqual(7);
      // Planned per execution: a generic plan made while the table was nearly empty (a sequential scan) never sticks.
      expect(p!.generic_plans, what).toBe(0);
    }
    const mode = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(a.db);
    expect(mode.rows[0]!.plan_cache_mode).toBe('force_custom_plan');
    // Other queries stay unnamed (no statement per text piling up on the server).
    expect(prepared.filter((p) => /provefy_api_keys/.test(p.statement))).toEqual([]);
  });

  it('gives each store its own schema behind the same statement names', async () => {
    const { apiKey: keyA } = await a.apiKeys.create({ name: 'a' });
    const { apiKey: keyB } = await b.apiKeys.create({ name: 'b' });
    const expiresAt = new Date(clock + 3_600_000);
    const inA = (await a.sessions.create({ apiKeyId: keyA.id, document: { store: 'a' }, expiresAt })).session;
    const inB = (await b.sessions.create({ apiKeyId: keyB.id, document: { store: 'b' }, expiresAt })).session;
    expect((await a.sessions.get(inA.id))?.document).toEqual({ store: 'a' });
    expect((await b.sessions.get(inB.id))?.document).toEqual({ store: 'b' });
    expect((await b.sessions.get(inB.id, { apiKeyId: keyB.id }))?.document).toEqual({ store: 'b' });
    expect(await b.sessions.get(inA.id)).toBeNull();
    expect(await a.sessions.get(inB.id, { apiKeyId: keyB.id })).toBeNull();
    expect(await a.sessions.get(inA.id, { apiKeyId: keyB.id })).toBeNull(); // another key's session stays unseen

    // One bucket name, two schemas: two independent counters.
    for (let i = 0; i < 3; i++) await a.rateLimits.hit('shared-name', 10, { windowMs: 60_000 });
    expect((await b.rateLimits.hit('shared-name', 10, { windowMs: 60_000 })).remaining).toBe(9);
    expect((await a.rateLimits.hit('shared-name', 10, { windowMs: 60_000 })).remaining).toBe(6);

    const namesA = (await preparedOn(a)).map((p) => p.name);
    const namesB = (await preparedOn(b)).map((p) => p.name);
    expect(namesB.length).toBeGreaterThanOrEqual(4);
    for (const n of namesB) expect(namesA).toContain(n); // the same texts, hence the same names, on each connection
  });

  it('runs everything unnamed with namedStatements: false', async () => {
    const plain = await databases[0]!.open({ now }, { poolSize: 1, namedStatements: false });
    const { apiKey } = await plain.apiKeys.create({ name: 'plain' });
    const { session } = await plain.sessions.create({ apiKeyId: apiKey.id, document: { plain: true }, expiresAt: new Date(clock + 3_600_000) });
    expect((await plain.sessions.get(session.id, { apiKeyId: apiKey.id }))?.document).toEqual({ plain: true });
    expect((await plain.rateLimits.hit('plain', 5)).remaining).toBe(4);
    expect(await preparedOn(plain)).toEqual([]);
    const mode = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(plain.db);
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    const serverDefault = (await c.query<{ plan_cache_mode: string }>('show plan_cache_mode')).rows[0]!.plan_cache_mode;
    await c.end();
    expect(mode.rows[0]!.plan_cache_mode).toBe(serverDefault); // untouched
  });

  it('keeps the prepared session reads working after a migration adds a column', async () => {
    const { apiKey } = await a.apiKeys.create({ name: 'alter' });
    const { session } = await a.sessions.create({ apiKeyId: apiKey.id, document: { before: true }, expiresAt: new Date(clock + 3_600_000) });
    expect((await a.sessions.get(session.id))?.document).toEqual({ before: true }); // prepared (again) on this connection
    await sql`alter table provefy_sessions add column later_column text`.execute(a.db);
    expect((await a.sessions.get(session.id))?.document).toEqual({ before: true });
    expect((await a.sessions.get(session.id, { apiKeyId: apiKey.id }))?.id).toBe(session.id);
    clock += 60_000; // a new window: the hit inserts again through its prepared statement
    expect((await a.rateLimits.hit('after-alter', 5, { windowMs: 60_000 })).remaining).toBe(4);
  });
});
