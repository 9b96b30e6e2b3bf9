/**
 * Tests that need something outside Node (PostgreSQL, a font, a fixture root, the npm registry) declare it here.
 * When it is present the tests run as usual. When it is missing:
 * - locally, they are skipped and a loud message names what is missing and the command that provides it;
 * - in CI (`CI` set to anything but `false`/`0`), they are NOT skipped: one failing test per suite says the same,
 *   so a green CI never hides tests that did not run.
 */
import { describe, it } from 'vitest';

/** True when running under CI (CI=true, as `.ci/run` is started). */
export const IN_CI = ((v) => v !== undefined && v !== '' && v !== 'false' && v !== '0')(process.env.CI);

/** A requirement: what, why it is missing (null when present), and the one command that provides it. */
export interface Requirement {
  readonly name: string;
  readonly problem: string | null;
  readonly fix: string;
}

type Body = () => void | Promise<void>;
type Suite = (title: string, body: () => void) => void;
type Test = (title: string, body: Body, timeout?: number) => void;

const warned = new Set<string>();

function message(req: Requirement): string {
  return `${req.name} is missing (${req.problem}). Run: ${req.fix}`;
}

function warnOnce(req: Requirement): void {
  if (warned.has(req.name)) return;
  warned.add(req.name);
  console.warn(`\n[provefy tests] SKIPPED: ${message(req)}\n  (under CI=true these tests fail instead)\n`);
}

/**
 * `describe` and `it` bound to a requirement: the real ones when it is met, else skipping locally and failing in CI.
 *
 * @example
 * ```ts
 * const pg = requirement({ name: 'PostgreSQL at 127.0.0.1:5432', problem: pgError, fix: SETUP_COMMAND });
 * pg.describe('store on postgres', () => { ... });
 * ```
 */
export function requirement(req: Requirement): { readonly met: boolean; describe: Suite; it: Test } {
  if (req.problem === null) return { met: true, describe: (t, b) => describe(t, b), it: (t, b, timeout) => it(t, b, timeout) };
  if (!IN_CI) {
    warnOnce(req);
    return { met: false, describe: (t, b) => describe.skip(t, b), it: (t, b, timeout) => it.skip(t, b, timeout) };
  }
  const fail = () => {
    throw new Error(message(req));
  };
  return { met: false, describe: (t) => describe(t, () => it(`requires ${req.name}`, fail)), it: (t) => it(`${t} (requires ${req.name})`, fail) };
}

/**
 * The problem when fontconfig does not know `family`, else null (synthetic document pages are rendered with it).
 *
 * @example
 * ```ts
 * requirement({ name: 'font Noto Sans Mono', problem: fontProblem('Noto Sans Mono'), fix: 'npm test (installs fonts-noto-mono)' });
 * ```
 */
export async function fontProblem(family: string): Promise<string | null> {
  const { execFileSync } = await import('node:child_process');
  try {
    return execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }).includes(family) ? null : `fontconfig has no "${family}"`;
  } catch (e) {
    return `fc-list failed: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** The command that installs what the tests need outside Node (see scripts/test-preflight.mjs). */
export const SETUP_COMMAND = 'npm test (its preflight, scripts/test-preflight.mjs, installs or starts what is missing, or prints the command)';
