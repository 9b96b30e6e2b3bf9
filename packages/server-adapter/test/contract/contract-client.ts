/** A tiny HTTP client for the contract tests: real requests over loopback with global fetch (undici). */

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface ApiClient {
  baseUrl: string;
  request<T = Record<string, unknown>>(method: string, path: string, opts?: { key?: string | null; json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
}

/**
 * A client bound to a base URL. `key` sets `Authorization: Bearer <key>`; `json` sends a JSON body.
 *
 * @example
 * ```ts
 * const res = await client(baseUrl).request('POST', '/api/v1/verify', { key, json: { checks: ['liveness'] } });
 * ```
 */
export function client(baseUrl: string): ApiClient {
  return {
    baseUrl,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body = opts.body;
      if (opts.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(opts.json);
      }
      const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: parsed as never };
    },
  };
}
