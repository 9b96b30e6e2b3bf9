import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

const MARK = '\u0000provefy-param:';

/** A compiled query with its parameter slots: an argument index, or a constant the builder put there. */
interface Template {
  readonly sql: string;
  readonly slots: ReadonlyArray<number | { readonly constant: unknown }>;
}

/**
 * Compiled query templates of one store (the SQL does not depend on the transaction or the PostgreSQL schema:
 * search_path), and where to register their SQL to run it as server-side prepared statements (PostgreSQL: the store's
 * `NamedStatements`, shared with its pool).
 */
export class PreparedQueries {
  readonly templates = new Map<string, Template>();

  /** @param named Told the SQL of every template compiled (it runs that text as a named statement), if any. */
  constructor(readonly named?: { add(sql: string): unknown }) {}
}

/**
 * Runs a hot-path query built with kysely once and reused: the first call builds and compiles it with placeholder
 * arguments (`p(0)`, `p(1)`, …), later calls only substitute the arguments into the compiled SQL's parameters, so no
 * query tree is built, frozen and compiled per request. The SQL is exactly what kysely compiles (same dialect, same
 * plugins); values are always bound parameters, never spliced into the text. Without a template cache it compiles
 * every time (same result). On PostgreSQL, a store that opened its own pool runs these texts as named statements
 * (parsed and planned once per connection: `dialects/postgres/named-statements.ts`).
 *
 * @example
 * ```ts
 * const rows = await runPrepared(ctx.db, ctx.preparedQueries, 'sessions.get', (db, p) =>
 *   db.selectFrom('provefy_sessions').selectAll().where('id', '=', p(0)), [id]);
 * ```
 */
export async function runPrepared<R>(
  db: Kysely<Database>,
  cache: PreparedQueries | undefined,
  name: string,
  build: (db: Kysely<Database>, p: (index: number) => never) => Compilable<R>,
  args: readonly unknown[],
): Promise<R[]> {
  let template = cache?.templates.get(name);
  if (!template) {
    const compiled = build(db, (i) => `${MARK}${i}` as never).compile();
    const slots = compiled.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : { constant: v }));
    const used = new Set(slots.filter((s): s is number => typeof s === 'number'));
    if (used.size !== args.length || [...used].some((i) => i >= args.length)) {
      throw new Error(`Prepared query ${name}: ${args.length} arguments given, placeholders ${[...used].join(', ')} used`);
    }
    template = { sql: compiled.sql, slots };
    cache?.named?.add(compiled.sql);
    cache?.templates.set(name, template);
  }
  const parameters = template.slots.map((s) => (typeof s === 'number' ? args[s] : s.constant));
  const result = await db.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
  return result.rows;
}
