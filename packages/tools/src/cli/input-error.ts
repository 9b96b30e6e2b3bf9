import { isProvefyError } from '@provefy/core';

/**
 * Turns a dataset or input error of a CLI command into its one-line message and exit code 1; anything else is a
 * bug and is thrown on.
 *
 * @example
 * ```ts
 * try { ... } catch (e) { return exitOnInputError('provefy eval', e); }
 * ```
 */
export function exitOnInputError(command: string, e: unknown): 1 {
  if (isProvefyError(e) && (e.code === 'PROVEFY_ERR_DATASET' || e.code === 'PROVEFY_ERR_INVALID_INPUT')) {
    process.stderr.write(`${command}: ${e.code}: ${e.message}\n`);
    return 1;
  }
  throw e;
}
