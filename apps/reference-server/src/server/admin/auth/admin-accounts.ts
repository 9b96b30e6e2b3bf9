import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_SECRET_HASH_PARAMS, type Store, hashSecret, secretHashNeedsUpgrade, verifySecret } from '@provefy/server-adapter';
import { referenceDb } from '../../store/reference-tables.js';

/** The one dashboard account. */
export const ADMIN_USERNAME = 'admin';
/** Dashboard login sessions last this long. */
export const ADMIN_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A well-formed hash nobody's password matches: unknown users cost the same scrypt work as known ones. */
const DUMMY_HASH = `$scrypt$ln=${DEFAULT_SECRET_HASH_PARAMS.logN},r=8,p=1$${'A'.repeat(22)}$${'A'.repeat(43)}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/** What {@link bootstrapAdmin} did. */
export type BootstrapOutcome =
  /** First start: a one-time setup token to print (never stored in clear, never printed again). */
  | { kind: 'setup-token'; token: string }
  /** The password was set from config (PROVEFY_ADMIN_PASSWORD). */
  | { kind: 'password-from-config' }
  /** The account exists already: nothing to print. */
  | { kind: 'exists' };

/**
 * Creates the `admin` account on the very first start with a one-time setup token (the caller prints the link
 * once), or sets its password from the config. The insert is conflict-safe: when several instances start together
 * on one database, exactly one of them gets the token to print. `reset` issues a new setup token for an existing
 * account (recovery) and signs out every dashboard session.
 *
 * @example
 * ```ts
 * const outcome = await bootstrapAdmin(store, { password: config.adminPassword });
 * if (outcome.kind === 'setup-token') console.error(`Open ${base}/admin/setup#${outcome.token}`);
 * ```
 */
export async function bootstrapAdmin(store: Store, opts: { password?: string; reset?: boolean } = {}): Promise<BootstrapOutcome> {
  const db = referenceDb(store);
  const now = store.now();
  const token = randomToken();
  const passwordHash = opts.password ? await hashSecret(opts.password) : null;
  const inserted = await db
    .insertInto('refserver_admin_users')
    .values({
      username: ADMIN_USERNAME,
      password_hash: passwordHash,
      setup_token_hash: passwordHash ? null : sha256(token),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return passwordHash ? { kind: 'password-from-config' } : { kind: 'setup-token', token };
  if (opts.password) {
    const current = await db.selectFrom('refserver_admin_users').select('password_hash').where('username', '=', ADMIN_USERNAME).executeTakeFirst();
    if (!current?.password_hash || !(await verifySecret(opts.password, current.password_hash))) {
      await db.updateTable('refserver_admin_users').set({ password_hash: passwordHash, setup_token_hash: null, updated_at: now }).where('username', '=', ADMIN_USERNAME).execute();
      await db.deleteFrom('refserver_admin_sessions').where('username', '=', ADMIN_USERNAME).execute();
    }
    return { kind: 'password-from-config' };
  }
  if (opts.reset) {
    await db.updateTable('refserver_admin_users').set({ setup_token_hash: sha256(token), updated_at: now }).where('username', '=', ADMIN_USERNAME).execute();
    await db.deleteFrom('refserver_admin_sessions').where('username', '=', ADMIN_USERNAME).execute();
    return { kind: 'setup-token', token };
  }
  return { kind: 'exists' };
}

/** A signed-in dashboard session. */
export interface AdminSession {
  username: string;
  csrfToken: string;
  expiresAt: number;
}

/**
 * Dashboard accounts and login sessions in the reference server's tables. Cookie tokens and setup tokens are stored
 * only as SHA-256 hashes; passwords as scrypt hashes.
 *
 * @example
 * ```ts
 * const accounts = new AdminAccounts(store);
 * const login = await accounts.login('admin', password); // { token, session } | null
 * ```
 */
export class AdminAccounts {
  constructor(private readonly store: Store) {}

  private get db() {
    return referenceDb(this.store);
  }

  /** Starts a session for valid credentials, or null. */
  async login(username: string, password: string): Promise<{ token: string; session: AdminSession } | null> {
    const user = await this.db.selectFrom('refserver_admin_users').selectAll().where('username', '=', username).executeTakeFirst();
    // Hash anyway for unknown users so timing does not reveal which usernames exist.
    const stored = user?.password_hash ?? DUMMY_HASH;
    const ok = await verifySecret(password, stored);
    if (!ok || !user?.password_hash) return null;
    if (secretHashNeedsUpgrade(user.password_hash)) {
      await this.db.updateTable('refserver_admin_users').set({ password_hash: await hashSecret(password) }).where('username', '=', user.username).execute();
    }
    return this.startSession(user.username);
  }

  /** Uses the one-time setup token: sets the password, burns the token, starts a session. Null for a wrong or used token. */
  async completeSetup(token: string, password: string): Promise<{ token: string; session: AdminSession } | null> {
    const hash = sha256(token);
    const now = this.store.now();
    const passwordHash = await hashSecret(password);
    const res = await this.db
      .updateTable('refserver_admin_users')
      .set({ password_hash: passwordHash, setup_token_hash: null, updated_at: now })
      .where('setup_token_hash', '=', hash)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return null;
    const user = await this.db.selectFrom('refserver_admin_users').select('username').where('password_hash', '=', passwordHash).executeTakeFirst();
    return user ? this.startSession(user.username) : null;
  }

  /** Changes the password after checking the current one; signs out the user's other sessions. */
  async changePassword(username: string, current: string, next: string, keepToken: string): Promise<boolean> {
    const user = await this.db.selectFrom('refserver_admin_users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!user?.password_hash || !(await verifySecret(current, user.password_hash))) return false;
    await this.db
      .updateTable('refserver_admin_users')
      .set({ password_hash: await hashSecret(next), updated_at: this.store.now() })
      .where('username', '=', username)
      .execute();
    await this.db.deleteFrom('refserver_admin_sessions').where('username', '=', username).where('token_hash', '!=', sha256(keepToken)).execute();
    return true;
  }

  /** The live session of a cookie token, or null. */
  async session(token: string | null): Promise<AdminSession | null> {
    if (!token || token.length > 100) return null;
    const row = await this.db.selectFrom('refserver_admin_sessions').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (!row || Number(row.expires_at) <= this.store.now()) return null;
    return { username: row.username, csrfToken: row.csrf_token, expiresAt: Number(row.expires_at) };
  }

  async logout(token: string | null): Promise<void> {
    if (token) await this.db.deleteFrom('refserver_admin_sessions').where('token_hash', '=', sha256(token)).execute();
  }

  /** Deletes expired sessions. */
  async sweep(): Promise<void> {
    await this.db.deleteFrom('refserver_admin_sessions').where('expires_at', '<=', this.store.now()).execute();
  }

  private async startSession(username: string): Promise<{ token: string; session: AdminSession }> {
    const token = randomToken();
    const now = this.store.now();
    const session: AdminSession = { username, csrfToken: randomToken(), expiresAt: now + ADMIN_SESSION_TTL_MS };
    await this.db
      .insertInto('refserver_admin_sessions')
      .values({ token_hash: sha256(token), username, csrf_token: session.csrfToken, created_at: now, expires_at: session.expiresAt })
      .execute();
    return { token, session };
  }
}
