/** The contract's REST calls an integrator makes in the end-to-end tests (API key in `Authorization`). */

/**
 * Creates a verification session with the REST API (`POST /api/v1/verify`).
 *
 * @example
 * ```ts
 * const s = await createSession(base, key, { checks: ['liveness'] });
 * ```
 */
export async function createSession(base: string, apiKey: string, body: Record<string, unknown>): Promise<{ sessionId: string; verificationUrl: string; expiresAt: string; requestedChecks: string[] }> {
  const res = await fetch(`${base}/api/v1/verify`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`session creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as never;
}

/** `GET /api/v1/verify/:id` with the API key. */
export async function getSession(base: string, apiKey: string, id: string): Promise<any> {
  const res = await fetch(`${base}/api/v1/verify/${id}`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (res.status !== 200) throw new Error(`get failed: ${res.status} ${await res.text()}`);
  return res.json();
}
