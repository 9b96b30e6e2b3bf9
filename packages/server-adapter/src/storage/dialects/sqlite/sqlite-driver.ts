import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
} from 'kysely';
import { WalCheckpointer } from './wal-checkpointer.js';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** Writes committed together: each is answered (or fails) with the group's COMMIT. */
interface CommitGroup {
  readonly waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
}

/**
 * `setImmediate` as loaded (test fake timers that replace the global later must not hold a commit back): the group
 * commit runs in the event loop's check phase, after the I/O callbacks of the current turn, so every write those
 * requests started shares it.
 */
const deferToCheckPhase = globalThis.setImmediate;

/**
 * The connections of this process with a group commit open. Another connection of the same process (a second store
 * on the same file) about to take the write lock commits them first: it would otherwise wait on `busy_timeout` for
 * a lock that is released only in a later turn of the event loop it blocks.
 */
const openGroups = new Set<CachedSqliteConnection>();

function flushOtherGroups(self: CachedSqliteConnection): void {
  for (const other of openGroups) if (other !== self) other.flush();
}

/** One connection, one statement cache (prepared statements are reused: ~2-3x faster on hot paths). */
class CachedSqliteConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #cache = new Map<string, Statement>();
  readonly #maxCached: number;
  /** The writes waiting for the group commit that is open (BEGIN IMMEDIATE issued, COMMIT due in the check phase). */
  #group: CommitGroup | undefined;
  /** Inside a transaction of the store (kysely's): statements run in it, without grouping. */
  #explicit = false;

  /** Checkpoints in a worker thread (file databases). */
  readonly checkpointer: WalCheckpointer | undefined;

  constructor(db: BetterSqlite3.Database, maxCached: number) {
    this.#db = db;
    this.#maxCached = maxCached;
    if (!db.memory) this.checkpointer = new WalCheckpointer(db.name, (pages) => db.pragma(`wal_autocheckpoint = ${pages}`));
  }

  #prepare(sqlText: string): Statement {
    let stmt = this.#cache.get(sqlText);
    if (stmt) {
      // LRU bump
      this.#cache.delete(sqlText);
      this.#cache.set(sqlText, stmt);
      return stmt;
    }
    stmt = this.#db.prepare(sqlText);
    this.#cache.set(sqlText, stmt);
    if (this.#cache.size > this.#maxCached) {
      const oldest = this.#cache.keys().next().value as string;
      this.#cache.delete(oldest);
    }
    return stmt;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql: sqlText, parameters } = compiledQuery;
    const params = parameters as unknown[];
    const stmt = this.#prepare(sqlText);
    if (stmt.readonly || this.#explicit) return this.#run<R>(stmt, params);
    // A write outside a transaction: it joins the open group commit (or opens one), runs now (its result and any
    // error are its own, at once), and is answered once the group is committed.
    this.#group ??= this.#openGroup();
    const group = this.#group;
    let result: QueryResult<R>;
    try {
      result = this.#run<R>(stmt, params);
    } catch (e) {
      // Most errors (a constraint) undo only the statement; some (I/O, full disk) roll back the whole transaction.
      if (!this.#db.inTransaction) this.#settle(group, e);
      throw e;
    }
    return new Promise<QueryResult<R>>((resolve, reject) => group.waiters.push({ resolve: () => resolve(result), reject }));
  }

  #run<R>(stmt: Statement, params: unknown[]): QueryResult<R> {
    if (stmt.reader) return { rows: stmt.all(...params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(...params);
    return {
      numAffectedRows: BigInt(changes),
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    };
  }

  #openGroup(): CommitGroup {
    flushOtherGroups(this);
    this.#db.exec('begin immediate');
    openGroups.add(this);
    const group: CommitGroup = { waiters: [] };
    deferToCheckPhase(() => this.flush());
    return group;
  }

  /**
   * Commits the open group of writes (if any) and answers its callers; a failed commit rolls the group back and
   * every write in it fails.
   */
  flush(): void {
    const group = this.#group;
    if (!group) return;
    if (!this.#db.inTransaction) {
      this.#settle(group, new Error('The SQLite transaction of a group commit was rolled back'));
      return;
    }
    try {
      this.#db.exec('commit');
    } catch (e) {
      if (this.#db.inTransaction) this.#db.exec('rollback');
      this.#settle(group, e);
      return;
    }
    this.#settle(group, undefined);
    this.checkpointer?.committed();
  }

  #settle(group: CommitGroup, error: unknown): void {
    if (this.#group === group) {
      this.#group = undefined;
      openGroups.delete(this);
    }
    for (const w of group.waiters) error === undefined ? w.resolve() : w.reject(error);
  }

  /** An explicit transaction starts: the open group is committed first (its own BEGIN IMMEDIATE follows). */
  beginExplicit(): void {
    this.flush();
    flushOtherGroups(this);
    this.#db.exec('begin immediate');
    this.#explicit = true;
  }

  endExplicit(command: 'commit' | 'rollback'): void {
    this.#explicit = false;
    if (command === 'commit' || this.#db.inTransaction) this.#db.exec(command);
    if (command === 'commit') this.checkpointer?.committed();
  }

  clearCache(): void {
    this.#cache.clear();
  }
}

/**
 * What kysely gets for each acquire: a handle on the one connection. A transaction's handle runs its statements in
 * the transaction; any other handle waits while a transaction holds the connection, then runs its statement at once
 * (synchronously) and awaits its group commit without holding the connection.
 */
class ConnectionHandle implements DatabaseConnection {
  /** This handle began the transaction that holds the connection. */
  inTransaction = false;

  constructor(private readonly driver: ProvefySqliteDriver) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, compiledQuery);
  }

  // biome-ignore lint/correctness/useYield: streaming is not used by the store
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported by the Provefy SQLite driver');
  }
}

/** Promise mutex: SQLite has one connection per process; transactions hold it exclusively. */
class Mutex {
  #locked = false;

  get locked(): boolean {
    return this.#locked;
  }

  readonly #waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}

/**
 * kysely driver for better-sqlite3 with a prepared-statement cache and `BEGIN IMMEDIATE`
 * transactions: a transaction takes the write lock up front, so two processes sharing one file
 * wait on `busy_timeout` instead of failing with SQLITE_BUSY on a read-to-write upgrade.
 *
 * Group commit: a write outside a transaction (a rate-limit hit, a session insert) runs at once inside a
 * `BEGIN IMMEDIATE` that stays open until the event loop's check phase, and its promise settles with that `COMMIT`;
 * the writes of every request handled in the same loop turn share one commit (one WAL append instead of one each).
 * No caller is answered before its write is committed; a failed commit fails every write of the group. A store
 * transaction commits the open group before it begins.
 */
export class ProvefySqliteDriver implements Driver {
  readonly #db: BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  #connection: CachedSqliteConnection | undefined;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  async init(): Promise<void> {
    this.#connection = new CachedSqliteConnection(this.#db, 256);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ConnectionHandle(this);
  }

  /** Runs a statement for `handle` (see {@link ConnectionHandle}). */
  async execute<R>(handle: ConnectionHandle, compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const connection = this.#connection!;
    if (handle.inTransaction || !this.#mutex.locked) return connection.executeQuery<R>(compiledQuery);
    await this.#mutex.lock();
    let result: Promise<QueryResult<R>>;
    try {
      result = connection.executeQuery<R>(compiledQuery); // the statement runs now; the promise may await its commit
    } finally {
      this.#mutex.unlock();
    }
    return result;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const handle = connection as ConnectionHandle;
    await this.#mutex.lock();
    try {
      this.#connection!.beginExplicit();
    } catch (e) {
      this.#mutex.unlock();
      throw e;
    }
    handle.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const handle = connection as ConnectionHandle;
    this.#connection!.endExplicit('commit'); // on failure kysely calls rollbackTransaction, which releases
    handle.inTransaction = false;
    this.#mutex.unlock();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const handle = connection as ConnectionHandle;
    if (!handle.inTransaction) return;
    try {
      this.#connection!.endExplicit('rollback');
    } finally {
      handle.inTransaction = false;
      this.#mutex.unlock();
    }
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    this.#connection?.flush();
    await this.#connection?.checkpointer?.close();
    this.#connection?.clearCache();
    if (this.#db.open) this.#db.close();
  }

  /** Clears cached statements (after migrations change the schema). */
  clearStatementCache(): void {
    this.#connection?.clearCache();
  }
}

/** kysely SQLite dialect using {@link ProvefySqliteDriver}. */
export class ProvefySqliteDialect extends SqliteDialect {
  readonly #database: BetterSqlite3.Database;
  driver: ProvefySqliteDriver | undefined;

  constructor(database: BetterSqlite3.Database) {
    super({ database } as SqliteDialectConfig);
    this.#database = database;
  }

  override createDriver(): Driver {
    this.driver = new ProvefySqliteDriver(this.#database);
    return this.driver;
  }
}

export { CompiledQuery };
