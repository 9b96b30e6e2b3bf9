// Hashing and verification: `hashSecret` / `verifySecret` of @provefy/server-adapter (scrypt, PHC string format, shared
// with the kiosk's operator PIN; dashboard hashes written before, `scrypt$16384$8$1$…`, still verify and are upgraded
// at the next sign-in).

/**
 * Passwords the dashboard accepts: 12 to 200 characters. Returns an error message or null.
 *
 * @example
 * ```ts
 * passwordProblem('short'); // 'The password must have at least 12 characters'
 * ```
 */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'The password must be a string';
  if (password.length < 12) return 'The password must have at least 12 characters';
  if (password.length > 200) return 'The password must have at most 200 characters';
  return null;
}
