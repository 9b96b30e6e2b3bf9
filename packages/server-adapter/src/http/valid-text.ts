/**
 * The text checks of the input layer, pure functions: NUL bytes and lone surrogates in a request's path, query and JSON
 * (what PostgreSQL refuses and SQLite stores differently). `inputGuard` applies them to every request.
 */
import { HttpError } from './http-error.js';

/** A lone UTF-16 surrogate: half a character, not representable in UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when `value` holds a NUL character or a lone surrogate (text no database column can hold the same way).
 *
 * @example
 * ```ts
 * isInvalidText('abc\u0000'); // true
 * isInvalidText('\uD83D'); // true (half an emoji)
 * isInvalidText('Zoë 😀'); // false
 * ```
 */
export function isInvalidText(value: string): boolean {
  return value.includes('\0') || LONE_SURROGATE.test(value);
}

function invalidInput(where: string): HttpError {
  return new HttpError('PROVEFY_ERR_INVALID_INPUT', `The request ${where} contains a NUL byte or text that is not valid UTF-8`, { details: { where } });
}

/** Percent-decodes `raw` strictly: an invalid UTF-8 sequence (`%C0`, `%ED%A0%80`) or a NUL is invalid. */
function validComponent(raw: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return false;
  }
  return !isInvalidText(decoded);
}

/**
 * Refuses a request target whose path segments or query keys/values decode to a NUL byte, a lone surrogate or invalid
 * UTF-8 (`/sessions/%00`, `?keyId=%00`, `?q=%C0`), with a typed 400 `PROVEFY_ERR_INVALID_INPUT`.
 *
 * @example
 * ```ts
 * assertValidRequestTarget(new URL('http://x/admin/api/sessions/%00')); // throws PROVEFY_ERR_INVALID_INPUT
 * ```
 */
export function assertValidRequestTarget(url: URL): void {
  for (const segment of url.pathname.split('/')) {
    if (!validComponent(segment)) throw invalidInput('path');
  }
  const query = url.search.slice(1);
  if (query === '') return;
  for (const pair of query.split('&')) {
    for (const part of pair.split('=')) {
      if (!validComponent(part.replace(/\+/g, ' '))) throw invalidInput('query');
    }
  }
}

/**
 * Refuses a parsed JSON value holding a NUL or a lone surrogate in any string or key (`"\u0000"`, `"\uD800"`), with
 * a typed 400 `PROVEFY_ERR_INVALID_INPUT`. Walks iteratively, so deep nesting cannot overflow the stack.
 *
 * @example
 * ```ts
 * assertValidJsonText(JSON.parse('{"password":"a\\u0000"}')); // throws PROVEFY_ERR_INVALID_INPUT
 * ```
 */
export function assertValidJsonText(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (isInvalidText(v)) throw invalidInput('body');
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (isInvalidText(k)) throw invalidInput('body');
        stack.push(item);
      }
    }
  }
}
