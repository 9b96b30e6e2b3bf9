import { setFlagsFromString } from 'node:v8';

/** V8's WebAssembly tier-up budget Provefy sets before the first Tesseract worker starts (V8's default on Node 20: 1,800,000). */
export const OCR_WASM_TIERING_BUDGET = 100_000_000;

/** Where the decision comes from: the process's own flags and Provefy's switch. */
export interface WasmTieringContext {
  /** `process.execArgv`. */
  readonly execArgv: readonly string[];
  /** `NODE_OPTIONS`. */
  readonly nodeOptions?: string;
  /** `PROVEFY_OCR_WASM_TIERING`: `default` leaves V8's own budget. */
  readonly setting?: string;
}

const TIERING_FLAG = /^--(no-)?(wasm-tiering-budget|wasm-dynamic-tiering|wasm-tier-up|liftoff)(=|$)/;

/**
 * The V8 flag Provefy would set for Tesseract, or null when it leaves V8 alone: when the process was started with its
 * own WebAssembly tiering flags (`--wasm-tiering-budget=…`, `--no-wasm-dynamic-tiering`, `--no-liftoff`, …, in its
 * arguments or `NODE_OPTIONS`) or with `PROVEFY_OCR_WASM_TIERING=default`.
 *
 * @example
 * ```ts
 * wasmTieringFlag({ execArgv: [] }); // '--wasm-tiering-budget=100000000'
 * wasmTieringFlag({ execArgv: ['--wasm-tiering-budget=5000'] }); // null
 * ```
 */
export function wasmTieringFlag(ctx: WasmTieringContext): string | null {
  if (ctx.setting === 'default') return null;
  const args = [...ctx.execArgv, ...(ctx.nodeOptions ?? '').split(/\s+/)];
  if (args.some((a) => TIERING_FLAG.test(a.replace(/_/g, '-')))) return null;
  return `--wasm-tiering-budget=${OCR_WASM_TIERING_BUDGET}`;
}

let decided = false;

/**
 * Lets Tesseract's WebAssembly run longer on V8's baseline code (Liftoff) before V8 recompiles its hot functions with
 * the optimising compiler. On two cores that background recompilation competed with a fresh process's first
 * recognitions and made its first `readDocument` about 250 ms slower, while the optimised code was no faster on
 * Tesseract's work (warm `readDocument` measured the same either way; docs/documents.md).
 *
 * Called before the first Tesseract worker starts; only the first call decides. Returns the flag this call set (null
 * when it set none). The budget is a process-wide V8 setting: other WebAssembly in the process is also optimised
 * later. See {@link wasmTieringFlag} for when it is left alone.
 *
 * @example
 * ```ts
 * relaxWasmTierUp(); // '--wasm-tiering-budget=100000000' before the first createWorker, null afterwards
 * ```
 */
export function relaxWasmTierUp(): string | null {
  if (decided) return null;
  decided = true;
  const flag = wasmTieringFlag({ execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS, setting: process.env.PROVEFY_OCR_WASM_TIERING });
  if (flag) setFlagsFromString(flag);
  return flag;
}
