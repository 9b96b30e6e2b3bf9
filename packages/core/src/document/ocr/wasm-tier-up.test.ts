import { describe, expect, it } from 'vitest';
import { OCR_WASM_TIERING_BUDGET, relaxWasmTierUp, wasmTieringFlag } from './wasm-tier-up.js';

describe('wasmTieringFlag', () => {
  const ours = `--wasm-tiering-budget=${OCR_WASM_TIERING_BUDGET}`;

  it('raises the tier-up budget of a process started without tiering flags', () => {
    expect(wasmTieringFlag({ execArgv: [] })).toBe(ours);
    expect(wasmTieringFlag({ execArgv: ['--enable-source-maps', '--max-old-space-size=4096'], nodeOptions: '--require ./x.js' })).toBe(ours);
  });

  it.each([
    ['its own budget', ['--wasm-tiering-budget=5000'], undefined],
    ['its own budget, underscore spelling', ['--wasm_tiering_budget=5000'], undefined],
    ['dynamic tiering off', ['--no-wasm-dynamic-tiering'], undefined],
    ['tier-up off', [], '--no-wasm-tier-up'],
    ['no baseline compiler', ['--no-liftoff'], undefined],
  ])('leaves V8 alone when the process chose %s', (_name, execArgv, nodeOptions) => {
    expect(wasmTieringFlag({ execArgv, nodeOptions })).toBeNull();
  });

  it('leaves V8 alone with PROVEFY_OCR_WASM_TIERING=default', () => {
    expect(wasmTieringFlag({ execArgv: [], setting: 'default' })).toBeNull();
  });

  it('does not mistake a similar flag for a tiering flag', () => {
    expect(wasmTieringFlag({ execArgv: ['--liftoff-only-extra=1', '--wasm-tier-upx'] })).toBe(ours);
  });

  it('sets the flag at its first call in a process started without tiering flags, and never again', () => {
    expect(wasmTieringFlag({ execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS, setting: process.env.PROVEFY_OCR_WASM_TIERING })).toBe(ours);
    expect(relaxWasmTierUp()).toBe(ours);
    expect(relaxWasmTierUp()).toBeNull();
  });
});
