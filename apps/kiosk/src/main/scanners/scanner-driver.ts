/** An image delivered by a scanner driver. */
export interface ScannedImage {
  /** Encoded image (PNG, JPEG, TIFF or WebP as the device produced it). */
  bytes: Uint8Array;
  mimeType: string;
  /** Driver id it came from. */
  source: string;
  acquiredAt: number;
}

/** Whether a driver can scan now. */
export interface ScannerStatus {
  ready: boolean;
  /** Why not, or which device it is. */
  detail: string | null;
}

export interface AcquireOptions {
  /** Give up with `PROVEFY_ERR_SCANNER` (`details.reason: 'timeout'`) after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * A document scanner. Three drivers implement it: SANE through `scanimage` (flatbed and sheet-fed scanners),
 * a watched folder (scanners that save files to a share), and the kiosk camera (frames the renderer captures).
 * Every image a driver delivers goes to `readDocument`.
 */
export interface ScannerDriver {
  readonly id: string;
  readonly kind: 'sane' | 'folder' | 'camera';
  readonly label: string;
  status(): Promise<ScannerStatus>;
  /** Waits for and returns the next document image. Throws `PROVEFY_ERR_SCANNER` on failure or timeout. */
  acquire(opts?: AcquireOptions): Promise<ScannedImage>;
  /** Drops anything the driver holds for the current customer (files waiting in a folder, a pending frame). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The MIME type of an image from its magic bytes, or null.
 *
 * @example
 * ```ts
 * sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47])); // 'image/png'
 * ```
 */
export function sniffImageType(b: Uint8Array): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) return 'image/webp';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) return 'image/tiff';
  return null;
}

/**
 * True when an encoded image is complete: a JPEG ends with its EOI marker, a PNG with its IEND chunk (a file
 * still being written fails this). Other types are accepted as they are.
 *
 * @example
 * ```ts
 * isCompleteImage(await readFile('scan.png')); // true
 * ```
 */
export function isCompleteImage(b: Uint8Array): boolean {
  const type = sniffImageType(b);
  if (type === null) return false;
  if (type === 'image/jpeg') {
    // EOI may be followed by padding bytes some scanners append.
    for (let i = b.length - 2; i >= Math.max(2, b.length - 1024); i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
    return false;
  }
  if (type === 'image/png') {
    const tail = Buffer.from(b.buffer, b.byteOffset, b.byteLength).subarray(Math.max(0, b.length - 12));
    return tail.length === 12 && tail.subarray(4, 8).toString('latin1') === 'IEND';
  }
  return true;
}
