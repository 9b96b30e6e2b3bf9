/** One call of a model engine, as {@link observeInference} reports it. */
export interface InferenceCall {
  /** `ocr`: a Tesseract recognition (the ONNX sessions are observed through `ort.InferenceSession`). */
  readonly kind: 'ocr';
  /** The model: the Tesseract language (`mrz`, `eng`). */
  readonly model: string;
  /** `performance.now()` when the engine started (after waiting for a free worker). */
  readonly start: number;
  /** Engine time, ms. */
  readonly ms: number;
}

type Observer = (call: InferenceCall) => void;
const observers = new Set<Observer>();

/**
 * Calls `observer` after every OCR recognition until the returned function is called: what a benchmark uses to
 * put a check's engine time beside its total time (the floor a check cannot go under). Observers must be cheap;
 * with none registered the cost is one size check per call.
 *
 * @example
 * ```ts
 * let ocrMs = 0;
 * const stop = observeInference((c) => { ocrMs += c.ms; });
 * await readDocument(bytes);
 * stop();
 * ```
 */
export function observeInference(observer: Observer): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/** Reports a finished engine call to the observers (no-op without any). */
export function reportInference(call: InferenceCall): void {
  if (observers.size === 0) return;
  for (const o of observers) o(call);
}

/** True when someone observes: callers skip measuring otherwise. */
export function inferenceObserved(): boolean {
  return observers.size > 0;
}
