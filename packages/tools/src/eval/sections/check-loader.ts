/**
 * Finds a check at run time: first among the exports of `@provefy/core`'s index, then in the feature module
 * itself (a check that is written but not yet exported from the index). A check that is found nowhere makes
 * its section "not supported by this build" rather than failing the run.
 */

const featureModules: Record<string, readonly string[]> = {
  face: ['../../face/index.js'],
  age: ['../../age/index.js'],
  liveness: ['../../liveness/index.js'],
  document: ['../../document/index.js'],
  mrz: ['../../document/mrz/index.js', '../../document/index.js', '../../document/mrz/parse-mrz.js'],
  video: ['../../video/index.js', '../../liveness/index.js'],
};

async function importQuietly(specifier: string): Promise<{ mod: Record<string, unknown> | null; why: string }> {
  try {
    return { mod: (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>, why: '' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = (e as Error).message ?? String(e);
    // A module that does not exist (yet) is "not supported"; so is one whose own imports are not written yet.
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not provide an export/.test(msg)) {
      const self = specifier.replace('../../', '').replace(/\.js$/, '');
      const first = msg.split('\n')[0]!;
      return { mod: null, why: first.includes(self) && !first.includes(`${self}/`) && /imported from .*check-loader/.test(first) ? 'not written yet' : first };
    }
    throw e;
  }
}

/** A check found at run time, or why it is not available. */
export type FoundCheck<T> = { readonly fn: T; readonly reason?: undefined } | { readonly fn: null; readonly reason: string };

/**
 * The first function exported under one of `names`, from the core index or the feature module; `fn: null`
 * with a reason when this build has none.
 *
 * @example
 * ```ts
 * const found = await findCheck<MatchFacesFn>('face', ['matchFaces']);
 * if (!found.fn) console.log(`not supported by this build: ${found.reason}`);
 * ```
 */
export async function findCheck<T>(feature: string, names: readonly string[]): Promise<FoundCheck<T>> {
  const core = (await import('@provefy/core')) as unknown as Record<string, unknown>;
  for (const n of names) if (typeof core[n] === 'function') return { fn: core[n] as T };
  const specs = featureModules[feature] ?? [];
  const wanted = names.join(' / ');
  const why: string[] = [];
  for (const spec of specs) {
    const { mod, why: w } = await importQuietly(spec);
    const where = spec.replace('../../', 'src/');
    if (!mod) {
      why.push(`${where}: ${w}`);
      continue;
    }
    for (const n of names) if (typeof mod[n] === 'function') return { fn: mod[n] as T };
    why.push(`${where}: no such export`);
  }
  return { fn: null, reason: `${wanted} is not exported by @provefy/core${why.length ? ` (${why.join('; ')})` : ''}` };
}

/** Functions that end worker threads of the checks (OCR workers keep a process alive otherwise). */
const DISPOSERS: readonly [string, string][] = [
  ['document', 'disposeDocumentReader'],
  ['liveness', 'disposeLiveness'],
];

/**
 * Ends the worker threads the checks started (e.g. Tesseract's), so that a command can exit; a check
 * started later starts them again. Missing disposers are skipped.
 *
 * @example
 * ```ts
 * try { await runEval(dir); } finally { await releaseCheckResources(); }
 * ```
 */
export async function releaseCheckResources(): Promise<void> {
  for (const [feature, name] of DISPOSERS) {
    const found = await findCheck<() => Promise<void>>(feature, [name]).catch(() => ({ fn: null }));
    if (found.fn) await Promise.resolve(found.fn()).catch(() => undefined);
  }
}
