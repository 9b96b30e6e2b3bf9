/** An error answer of the dashboard API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The dashboard's client of `/admin/api/*`: JSON in and out, the session cookie (HttpOnly, SameSite=Strict) sent by
 * the browser, and the CSRF token of the session in `X-CSRF-Token` on every state-changing request.
 *
 * @example
 * ```ts
 * const api = new AdminApi();
 * await api.login('admin', password);
 * const { keys } = await api.get<{ keys: ApiKey[] }>('/keys');
 * ```
 */
export class AdminApi {
  csrfToken: string | null = null;
  /** Called on 401 (session expired): the app shows the login page. */
  onUnauthorized: (() => void) | null = null;

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let res: Response;
    try {
      res = await fetch(`/admin/api${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiError(0, 'Network error: is the server running?');
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (!res.ok) {
      if (res.status === 401 && path !== '/login' && path !== '/setup' && path !== '/session') this.onUnauthorized?.();
      throw new ApiError(res.status, (data as { error?: string } | null)?.error ?? `HTTP ${res.status}`);
    }
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  async session(): Promise<{ username: string; csrfToken: string } | null> {
    try {
      const s = await this.get<{ username: string; csrfToken: string }>('/session');
      this.csrfToken = s.csrfToken;
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  }

  async login(username: string, password: string): Promise<{ username: string }> {
    const s = await this.post<{ username: string; csrfToken: string }>('/login', { username, password });
    this.csrfToken = s.csrfToken;
    return s;
  }

  async setup(token: string, password: string): Promise<{ username: string }> {
    const s = await this.post<{ username: string; csrfToken: string }>('/setup', { token, password });
    this.csrfToken = s.csrfToken;
    return s;
  }

  async logout(): Promise<void> {
    await this.post('/logout').catch(() => undefined);
    this.csrfToken = null;
  }
}

/**
 * Query string from defined, non-empty values.
 *
 * @example
 * ```ts
 * query({ status: 'COMPLETED', page: 2, keyId: '' }); // '?status=COMPLETED&page=2'
 * ```
 */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
