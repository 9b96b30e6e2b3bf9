import { describe, expect, it } from 'vitest';
import { CustomerState, emptyCaptures, zeroCaptures } from './customer-state.js';
import { type TimerApi, createIdleTimeout } from './idle-timeout.js';

/** A manual clock: timers fire only when the test advances time. */
function manualTimers() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const api: TimerApi = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
  };
  return { api, advance };
}

describe('idle timeout', () => {
  it('fires after the timeout without activity, not while there is activity', () => {
    const t = manualTimers();
    let fired = 0;
    const idle = createIdleTimeout({ timeoutMs: 1000, onIdle: () => fired++, timers: t.api });
    for (let i = 0; i < 10; i++) {
      t.advance(600);
      idle.touch();
    }
    expect(fired).toBe(0);
    t.advance(999);
    expect(fired).toBe(0);
    t.advance(1);
    expect(fired).toBe(1);
    t.advance(1000);
    expect(fired).toBe(2);
    idle.stop();
    t.advance(5000);
    expect(fired).toBe(2);
  });
});

describe('customer state wipe', () => {
  it('zeroes every captured image and clears the verification', () => {
    const state = new CustomerState();
    let changes = 0;
    state.onChange(() => changes++);
    const captures = emptyCaptures();
    captures.livenessFrames = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
    captures.selfie = new Uint8Array([9, 9, 9]);
    captures.documentFront = new Uint8Array([7]);
    const all = [...captures.livenessFrames, captures.selfie, captures.documentFront];
    state.set({ id: 'v1', captures, externalRef: 'ref-1', document: { documentType: 'PASSPORT' } } as never);
    expect(state.wipe('idle', 42)).toBe(4);
    expect(state.current).toBeNull();
    expect(all.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(captures.livenessFrames).toEqual([]);
    expect(state.lastWipeAt).toBe(42);
    expect(state.lastWipeReason).toBe('idle');
    expect(changes).toBe(2);
  });

  it('zeroCaptures is safe on empty captures', () => {
    expect(zeroCaptures(emptyCaptures())).toBe(0);
  });
});
