import { ProvefyError } from '@provefy/core';
import type { AcquireOptions, ScannedImage, ScannerDriver, ScannerStatus } from '../scanner-driver.js';
import { sniffImageType } from '../scanner-driver.js';

/**
 * Document capture with the kiosk camera: the renderer captures the frame (auto-capture when the document is steady
 * and sharp, or a button) and hands it over with `provide()`; `acquire()` returns it, so camera captures reach
 * `readDocument` through the same driver interface as scanners.
 *
 * @example
 * ```ts
 * const camera = new CameraDriver({ id: 'camera' });
 * camera.provide(jpegFromRenderer);
 * const scan = await camera.acquire();
 * ```
 */
export class CameraDriver implements ScannerDriver {
  readonly id: string;
  readonly kind = 'camera' as const;
  readonly label: string;
  #frame: { bytes: Uint8Array; mimeType: string; at: number } | null = null;
  #waiter: ((f: { bytes: Uint8Array; mimeType: string; at: number }) => void) | null = null;
  /** Set by the renderer's camera health reports. */
  cameraOk: boolean | null = null;

  constructor(opts: { id: string; label?: string }) {
    this.id = opts.id;
    this.label = opts.label ?? 'Kiosk camera';
  }

  /** A frame from the renderer. Throws `PROVEFY_ERR_INVALID_INPUT` unless it is a JPEG, PNG or WebP. */
  provide(bytes: Uint8Array): void {
    const mimeType = sniffImageType(bytes);
    if (mimeType === null || mimeType === 'image/tiff') throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'The camera frame is not a JPEG, PNG or WebP image');
    const f = { bytes, mimeType, at: Date.now() };
    if (this.#waiter) {
      const w = this.#waiter;
      this.#waiter = null;
      w(f);
    } else {
      this.#frame?.bytes.fill(0);
      this.#frame = f;
    }
  }

  async status(): Promise<ScannerStatus> {
    return { ready: this.cameraOk !== false, detail: this.cameraOk === false ? 'The camera reports a problem' : null };
  }

  async acquire(opts: AcquireOptions = {}): Promise<ScannedImage> {
    const f =
      this.#frame ??
      (await new Promise<{ bytes: Uint8Array; mimeType: string; at: number }>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.#waiter = null;
          reject(new ProvefyError('PROVEFY_ERR_SCANNER', 'No camera frame arrived in time', { reason: 'timeout' }));
        }, opts.timeoutMs ?? 60_000);
        this.#waiter = (frame) => {
          clearTimeout(timer);
          resolve(frame);
        };
      }));
    this.#frame = null;
    return { bytes: f.bytes, mimeType: f.mimeType, source: this.id, acquiredAt: f.at };
  }

  async clear(): Promise<void> {
    this.#frame?.bytes.fill(0);
    this.#frame = null;
  }

  async close(): Promise<void> {
    await this.clear();
  }
}
