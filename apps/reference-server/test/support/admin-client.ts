/** A signed-in client of the dashboard API (`/admin/api/*`): session cookie plus CSRF token, like the dashboard itself. */
export class AdminClient {
  constructor(
    readonly base: string,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}

  /** Uses the one-time setup token (sets the password) and signs in. */
  static async setup(base: string, token: string, password: string): Promise<AdminClient> {
    const res = await fetch(`${base}/admin/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password }) });
    if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
    return AdminClient.from(base, res);
  }

  static async login(base: string, password: string, username = 'admin'): Promise<AdminClient> {
    const res = await fetch(`${base}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return AdminClient.from(base, res);
  }

  private static async from(base: string, res: Response): Promise<AdminClient> {
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const body = (await res.json()) as { csrfToken: string };
    return new AdminClient(base, cookie, body.csrfToken);
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.base}/admin/api${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  /** Creates an API key; returns the key, its webhook secret and the stored key record. */
  async createKey(body: Record<string, unknown>): Promise<{ key: string; webhookSecret: string; apiKey: { id: string } & Record<string, unknown> }> {
    const r = await this.request('POST', '/keys', body);
    if (r.status !== 201) throw new Error(`key creation failed: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }
}

export { createSession, getSession } from '../../../../test/helpers/e2e/rest-client.js';
