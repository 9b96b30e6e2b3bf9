import { describe, expect, it } from 'vitest';
import { ProvefyError } from '../errors/index.js';
import { getOnnxSession, preloadOnnxSessions } from './onnx-session.js';
import { selectProfile } from './profiles.js';

describe('preloadOnnxSessions', () => {
  it('creates the session a later getOnnxSession call gets, without being awaited', async () => {
    const detector = selectProfile().detector;
    preloadOnnxSessions([detector]);
    const a = await getOnnxSession(detector);
    const b = await getOnnxSession(detector);
    expect(a).toBe(b);
    expect(a.inputNames.length).toBeGreaterThan(0);
  });

  it('reports a model that fails to load to the check that asks for it, with its typed error', async () => {
    preloadOnnxSessions(['no_such_model']);
    await new Promise((r) => setTimeout(r, 50));
    const err = await getOnnxSession('no_such_model').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvefyError);
  });
});
