/**
 * PostgreSQL: a rate-limit hit outside a transaction commits asynchronously (its own transaction only, so requests do
 * not each wait for a WAL flush), while the connection and a caller's transaction keep committing synchronously, and
 * the count stays exact: every hit is visible to another store on the same database as soon as it is answered.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/index.js';
import { type TestDatabase, targets } from './targets.js';

const target = targets.find((t) => t.name === 'postgres')!;

async function synchronousCommit(db: KyselyStore['db']): Promise<string> {
  const r = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db);
  return r.rows[0]!.synchronous_commit;
}

target.describe('rate-limit commits on PostgreSQL', () => {
  let database: TestDatabase;
  let a: KyselyStore;
  let b: KyselyStore;

  beforeAll(async () => {
    database = target.database();
    // One connection each: the setting the test reads is the one of the connection the hit ran on.
    a = await database.open({}, { poolSize: 1 });
    b = await database.open({}, { poolSize: 1 });
  });

  afterAll(async () => {
    await database?.cleanup();
  });

  it('turns synchronous commit off in the hit statement for its own transaction only', async () => {
    expect(await synchronousCommit(a.db)).toBe('on');
    await a.rateLimits.hit('commit:a', 10);
    const statements = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(a.db);
    expect(statements.rows.some((r) => r.statement.startsWith('insert into "provefy_rate_limits"') && r.statement.includes(`set_config('synchronous_commit', 'off', true)`))).toBe(true);
    expect(await synchronousCommit(a.db)).toBe('on'); // the connection's next statements commit synchronously again
  });

  it("leaves a caller's transaction synchronous", async () => {
    const inside = await a.transaction(async (tx) => {
      await tx.rateLimits.hit('commit:tx', 10);
      return synchronousCommit(tx.db);
    });
    expect(inside).toBe('on');
  });

  it('stays exact across stores: each answered hit is seen by the other store', async () => {
    for (let i = 1; i <= 5; i++) {
      const mine = await (i % 2 ? a : b).rateLimits.hit('commit:shared', 5, { windowMs: 60_000 });
      expect(mine.remaining).toBe(5 - i);
    }
    const refused = await b.rateLimits.hit('commit:shared', 5, { windowMs: 60_000 });
    expect(refused.allowed).toBe(false);
  });
});
