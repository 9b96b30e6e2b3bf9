import * as ort from 'onnxruntime-node';
import { ProvefyError } from '../errors/index.js';
import { env } from './env.js';
import { resolveModel, type ResolveOptions } from './resolve-model.js';

export type { InferenceSession, Tensor } from 'onnxruntime-node';
export { ort };

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/**
 * The ONNX session for a model id: created lazily once per process (per model and thread count),
 * from the verified file the model store resolves.
 *
 * @example
 * ```ts
 * const s = await getOnnxSession('scrfd_500m');
 * const out = await s.run({ [s.inputNames[0]!]: tensor });
 * ```
 */
export function getOnnxSession(id: string, opts: ResolveOptions & { threads?: number; profile?: string } = {}): Promise<ort.InferenceSession> {
  const threads = opts.threads ?? env.threads;
  const key = `${id}:${threads}:${opts.modelsDir ?? ''}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      const loc = await resolveModel(id, opts);
      try {
        return await ort.InferenceSession.create(loc.path, {
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3,
          // Idle worker threads sleep instead of spinning: spinning doubles latency when the process shares its cores.
          extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
        });
      } catch (cause) {
        throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `Model ${id} could not be loaded from ${loc.path}: ${(cause as Error).message}`, { id, path: loc.path }, { cause });
      }
    })();
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  return s;
}

/**
 * Starts creating the sessions of `ids` (default options, as the checks ask for them) without waiting: for a caller
 * whose main thread would otherwise sit idle (e.g. while ffprobe and ffmpeg start), so a cold first call loads its
 * models meanwhile. A failure is not reported here; the check that needs the model gets it.
 *
 * @example
 * ```ts
 * preloadOnnxSessions([profile.detector, ...profile.liveness]);
 * const clip = await readVideoFrames(path); // the sessions are created while ffmpeg starts
 * ```
 */
export function preloadOnnxSessions(ids: readonly string[]): void {
  for (const id of ids) getOnnxSession(id).catch(() => undefined);
}

/** Releases every cached session (tests, hot model swaps). */
export async function releaseOnnxSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.allSettled(all.map(async (p) => (await p).release()));
}
