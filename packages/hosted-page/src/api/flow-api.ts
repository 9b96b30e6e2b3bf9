import type { CheckSummary, FlowRetake, FlowStateJson } from '@provefy/server-adapter';

/** A check of the contract. */
export type CheckName = 'liveness' | 'age_estimation' | 'doc_verify' | 'face_match';
export type Challenge = 'look_straight' | 'blink' | 'turn_left' | 'turn_right';
export type { CheckSummary, FlowStep } from '@provefy/server-adapter';
/** The flow state the adapter returns after every call. */
export type FlowState = FlowStateJson;

export interface Branding {
  name: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  logoUrl: string | null;
}

/** `GET /api/v1/flow/:token`. */
export interface FlowConfig {
  requestedChecks: CheckName[];
  challenges: Challenge[];
  branding: Branding;
  language: string;
  supportedLanguages: string[];
  allowedFrameOrigins: string[];
  limits: { maxImageBytes: number; maxRequestBytes: number; maxFrames: number; acceptedTypes: string[] };
  state: FlowState;
}

/** A server-issued liveness attempt (`POST /start` with `{"check":"liveness"}`): its nonce and challenges, in order. */
export interface LivenessAttempt {
  nonce: string;
  challenges: Challenge[];
  issuedAt: string;
  expiresAt: string;
}

/** One liveness capture of an attempt, as uploaded. */
export interface LivenessCapture {
  frames: Blob[];
  /** Capture time of each frame, ms from the moment the attempt was received. */
  timestamps: number[];
  nonce: string;
  /** The camera (label, settings, frame times): the server's `captureSource`. */
  source: unknown;
}

/** The answer to an upload. */
export interface UploadResult {
  results: CheckSummary[];
  needsBack?: boolean;
  /** Images kept earlier that proved unusable (IMAGE_UNUSABLE), asked for again. */
  retake?: FlowRetake[];
  state: FlowState;
}

/** Live face guidance from `POST /verify/:token/preview`. */
export interface FacePreview {
  busy?: boolean;
  faces: number;
  face: { x: number; y: number; width: number; height: number; yaw: number; pitch: number; brightness: number; sharpness: number } | null;
}

/** An error answer of the API (`{ "error": "..." }`), or a network failure (status 0). */
export class FlowError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The API's error code (`PROVEFY_ERR_...`) when it sent one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** Progress of an upload: the fraction sent (0-1), then `null` while the server analyses. */
export type UploadProgress = (sent: number | null) => void;

function xhrJson<T>(method: string, url: string, body: Document | XMLHttpRequestBodyInit | null, onProgress?: UploadProgress): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.upload.onload = () => onProgress(null);
    }
    xhr.onerror = () => reject(new FlowError(0, 'Network error'));
    xhr.ontimeout = () => reject(new FlowError(0, 'Timeout'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else {
        const err = data as { error?: string; code?: string } | null;
        reject(new FlowError(xhr.status, err?.error ?? `HTTP ${xhr.status}`, typeof err?.code === 'string' ? err.code : null));
      }
    };
    if (body !== null && typeof body === 'string') xhr.setRequestHeader('content-type', 'application/json');
    xhr.send(body);
  });
}

/**
 * The hosted page's client of the verification-flow endpoints (`/api/v1/flow/:token/*`, authenticated by the
 * session token of the page URL) and of the live face guidance (`/verify/:token/preview`).
 *
 * @example
 * ```ts
 * const api = new FlowApi(tokenFromPath(location.pathname)!);
 * const config = await api.config();
 * ```
 */
export class FlowApi {
  constructor(readonly token: string) {}

  private get base(): string {
    return `/api/v1/flow/${encodeURIComponent(this.token)}`;
  }

  config(): Promise<FlowConfig> {
    return xhrJson('GET', this.base, null);
  }

  start(): Promise<{ state: FlowState }> {
    return xhrJson('POST', `${this.base}/start`, '{}');
  }

  /** Starts a liveness attempt: the challenges to prompt and the nonce the upload must carry. */
  async startLiveness(): Promise<LivenessAttempt> {
    const r = await xhrJson<{ attempt?: LivenessAttempt }>('POST', `${this.base}/start`, JSON.stringify({ check: 'liveness' }));
    if (!r.attempt) throw new FlowError(0, 'No liveness attempt');
    return r.attempt;
  }

  uploadLiveness(capture: LivenessCapture, onProgress?: UploadProgress): Promise<UploadResult> {
    const form = new FormData();
    for (const [i, f] of capture.frames.entries()) form.append('frames', f, `frame-${i}.jpg`);
    // microsecond precision: the server reads frame timing from these
    form.append('timestamps', JSON.stringify(capture.timestamps.map((t) => Math.round(t * 1000) / 1000)));
    form.append('nonce', capture.nonce);
    form.append('captureSource', JSON.stringify(capture.source));
    form.append('mirrored', 'false');
    form.append('selfieFromFrames', 'false');
    return xhrJson('POST', `${this.base}/liveness`, form, onProgress);
  }

  uploadSelfie(image: Blob, onProgress?: UploadProgress): Promise<UploadResult> {
    const form = new FormData();
    form.append('image', image, 'selfie.jpg');
    return xhrJson('POST', `${this.base}/selfie`, form, onProgress);
  }

  uploadDocument(side: 'front' | 'back', image: Blob, onProgress?: UploadProgress): Promise<UploadResult> {
    const form = new FormData();
    form.append('image', image, `document-${side}.${image.type === 'image/png' ? 'png' : image.type === 'image/webp' ? 'webp' : 'jpg'}`);
    return xhrJson('POST', `${this.base}/document/${side}`, form, onProgress);
  }

  complete(): Promise<{ state: FlowState }> {
    return xhrJson('POST', `${this.base}/complete`, '{}');
  }

  async preview(frame: Blob): Promise<FacePreview | null> {
    try {
      const res = await fetch(`/verify/${encodeURIComponent(this.token)}/preview`, { method: 'POST', body: frame, headers: { 'content-type': frame.type || 'image/jpeg' } });
      if (!res.ok) return null;
      return (await res.json()) as FacePreview;
    } catch {
      return null;
    }
  }
}

/**
 * The session token of a hosted-page path (`/verify/<token>`), or null.
 *
 * @example
 * ```ts
 * tokenFromPath('/verify/aBcDeFgHiJkLmNoPqRsTu'); // 'aBcDeFgHiJkLmNoPqRsTu'
 * ```
 */
export function tokenFromPath(pathname: string): string | null {
  const m = /^\/verify\/([A-Za-z0-9_-]{16,128})\/?$/.exec(pathname);
  return m ? m[1]! : null;
}
