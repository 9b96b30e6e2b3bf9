/** Raw HTTP requests with node:http, so paths reach the server exactly as written (no URL normalisation). */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends one request with a verbatim path and body over a fresh connection.
 *
 * @example
 * ```ts
 * const res = await rawRequest('http://127.0.0.1:3000', 'GET', '/api/v1/verify/..%2f..', {});
 * ```
 */
export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: Uint8Array | string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const h = { ...headers };
  if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-length')) h['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers: h, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
