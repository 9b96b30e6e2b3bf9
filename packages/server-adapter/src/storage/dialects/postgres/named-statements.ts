import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * The SQL texts a store runs as named (server-side prepared) statements on PostgreSQL: its hot-path queries
 * (`runPrepared` registers each template's SQL when it compiles it). A named statement is parsed, analysed and planned
 * once per connection; later executions only bind parameters and are planned with them (the store's connections set
 * `plan_cache_mode=force_custom_plan`: a generic plan chosen while a table was nearly empty, a sequential scan, would
 * otherwise stay cached on the connection as the table grows). Everything else runs unnamed, as before, so statements
 * whose text varies (`in` lists, dynamic filters) do not pile up in the server's per-connection statement cache.
 *
 * The name is derived from the text (`provefy_` + 24 hex digits of its SHA-256), so one text has one name on every
 * connection and in every store. A prepared plan resolves tables through the connection's `search_path`, which a
 * store's pool sets once per connection (its `schema`), and PostgreSQL re-plans a statement when `search_path` or a
 * table it uses changes. Hot queries name their columns (no `select *`), so a column added by a later migration does
 * not change their result type (which PostgreSQL refuses for a prepared statement).
 */
export class NamedStatements {
  readonly #names = new Map<string, string>();

  /**
   * Runs `sql` as a named statement from now on; returns its name (the same for the same text).
   *
   * @example
   * statements.add('select "count" from "provefy_rate_limits" where "bucket" = $1') // 'provefy_3f1c…'
   */
  add(sql: string): string {
    let name = this.#names.get(sql);
    if (name === undefined) {
      name = `provefy_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      this.#names.set(sql, name);
    }
    return name;
  }

  /** The statement name of `sql`, or undefined when it runs unnamed. */
  nameOf(sql: string): string | undefined {
    return this.#names.get(sql);
  }
}

/** A pooled client whose `query(text, values)` runs the texts of `statements` as named statements. */
class NamingClient implements PostgresPoolClient {
  constructor(
    readonly client: pg.PoolClient,
    readonly statements: NamedStatements,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    const client = this.client as unknown as PostgresPoolClient;
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
    const name = this.statements.nameOf(sqlOrCursor);
    if (name === undefined) return client.query<R>(sqlOrCursor, parameters ?? []);
    return this.client.query({ name, text: sqlOrCursor, values: parameters as unknown[] }) as unknown as Promise<PostgresQueryResult<R>>;
  }

  /** Returns the client to the pool (`destroy`: close it instead, as kysely asks for a broken connection). */
  release(destroy?: boolean): void {
    this.client.release(destroy);
  }
}

/**
 * The pool kysely's `PostgresDialect` gets for a store: `pool`'s clients, each wrapped once (kysely keeps one
 * connection object per client), running the texts of `statements` as named statements.
 *
 * @example
 * const statements = new NamedStatements();
 * const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: namingPool(new pg.Pool(config), statements) }) });
 */
export function namingPool(pool: pg.Pool, statements: NamedStatements): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, NamingClient>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let named = wrapped.get(client);
      if (named === undefined) {
        named = new NamingClient(client, statements);
        wrapped.set(client, named);
      }
      return named;
    },
    end(): Promise<void> {
      return pool.end();
    },
  };
}
