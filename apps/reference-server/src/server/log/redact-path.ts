/**
 * The path of a request as it may appear in logs: secrets in the path (verification tokens, blob and key ids stay,
 * tokens go) are replaced by a placeholder and the query string is dropped (it may carry an `externalRef`).
 *
 * @example
 * ```ts
 * redactPath('/verify/aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefg?lang=pt'); // '/verify/:token'
 * redactPath('/api/v1/flow/aBcDeFgHiJkLmNoPqRsTuV/liveness');                // '/api/v1/flow/:token/liveness'
 * redactPath('/api/v1/verify?externalRef=user_1');                             // '/api/v1/verify'
 * ```
 */
export function redactPath(pathWithQuery: string): string {
  let path = pathWithQuery.split('?')[0]!.split('#')[0]!;
  if (path.length > 200) path = `${path.slice(0, 200)}…`;
  return path
    .replace(/^\/verify\/[^/]+/, '/verify/:token')
    .replace(/^\/api\/v1\/flow\/[^/]+/, '/api/v1/flow/:token')
    .replace(/[^\x20-\x7e]/g, '?');
}
