import type { Middleware } from './context.js';
import { assertValidRequestTarget } from './valid-text.js';

/**
 * The adapter's input layer for the request target: every route (and anything mounted behind it, like the reference
 * server's dashboard API) refuses NUL bytes and invalid text in the path and query before a route, the rate limiter
 * or the database sees them. JSON bodies get the same check where they are parsed ({@link assertValidJsonText}).
 *
 * @example
 * ```ts
 * const res = await compose([inputGuard()], ctx, handler);
 * ```
 */
export function inputGuard(): Middleware {
  return async (ctx, next) => {
    assertValidRequestTarget(ctx.url);
    return next();
  };
}
