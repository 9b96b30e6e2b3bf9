/**
 * The kiosk's IPC contract: every channel the renderer may invoke, with its request and response types, and the
 * one event channel the main process pushes state on. Shared by the main process (handlers), the preload (bridge)
 * and the renderer. No imports of Node or Electron here.
 */
import type { CameraDeviceView, CameraHealthView, CaptureStep, KioskCheckName, KioskView, ScannerView } from './kiosk-view.js';

/** Encoded image bytes (JPEG/PNG/WebP) as captured by the renderer. */
export type ImageBytes = Uint8Array;

/**
 * The camera behind a liveness capture, as the renderer sees it (sent to the server as `captureSource`: the
 * server holds a capture from a virtual camera at REVIEW).
 */
export interface LivenessCameraSource {
  label: string | null;
  settings: { width: number | null; height: number | null; frameRate: number | null; deviceIdHash: string | null } | null;
  frameTimes: number[] | null;
}

/** What the face preview tells the customer while capturing. */
export interface FrameFeedback {
  faceFound: boolean;
  faceCount: number;
  /** Hints for the customer, most important first: `no_face`, `multiple_faces`, `move_closer`, `move_back`, `centre_face`, `too_dark`, `hold_still`. */
  hints: string[];
}

/** The answer of a capture: the view after it, and whether the step must be repeated. */
export interface StepAnswer {
  view: KioskView;
  /** The step the customer should do next (or null when finished). */
  next: CaptureStep | null;
  /** True when this capture failed and the same step is offered again. */
  retry: boolean;
}

/** Request and response types per channel. */
export interface IpcChannels {
  /** The current snapshot (for a renderer that just loaded). */
  'kiosk:view': { req: Record<string, never>; res: KioskView };
  /** The person in front of the kiosk did something: restarts the idle timer. */
  'kiosk:activity': { req: Record<string, never>; res: { ok: true } };

  'operator:login': { req: { pin: string }; res: KioskView };
  'operator:logout': { req: Record<string, never>; res: KioskView };
  'operator:changePin': { req: { currentPin: string; newPin: string }; res: KioskView };
  /** Start a verification for a walk-in customer. */
  'operator:startWalkIn': { req: { checks: KioskCheckName[]; externalRef?: string }; res: KioskView };
  /** Open a session a backend created, by its code (the verification URL or its token, typed or scanned). */
  'operator:openSession': { req: { code: string }; res: KioskView };
  /** Abandon the current verification (wipes it). */
  'operator:cancel': { req: Record<string, never>; res: KioskView };
  /** Close the result and wipe the customer's data, ready for the next customer. */
  'operator:finish': { req: Record<string, never>; res: KioskView };
  'operator:selectCamera': { req: { deviceId: string }; res: KioskView };
  'operator:syncNow': { req: Record<string, never>; res: KioskView };

  /** The customer tapped "start". */
  'customer:begin': { req: Record<string, never>; res: KioskView };
  /** A preview frame for live hints (face found, distance, light); never stored. */
  'customer:previewFrame': { req: { frame: ImageBytes }; res: FrameFeedback };
  'customer:submitLiveness': { req: { frames: ImageBytes[]; timestamps: number[]; mirrored: boolean; source?: LivenessCameraSource | null }; res: StepAnswer };
  'customer:submitSelfie': { req: { image: ImageBytes }; res: StepAnswer };
  /** A document side captured by the kiosk camera (goes through the camera scanner driver). */
  'customer:cameraDocument': { req: { side: 'front' | 'back'; image: ImageBytes }; res: StepAnswer };
  /** A document side from a scanner (SANE or watched folder): waits for the scan. */
  'customer:scanDocument': { req: { side: 'front' | 'back'; scannerId: string }; res: StepAnswer };
  /** The document has no back side (or the customer cannot provide it): read the front alone. */
  'customer:skipBack': { req: Record<string, never>; res: StepAnswer };

  /** The renderer that owns the camera reports its devices and health. */
  'camera:report': { req: { devices: CameraDeviceView[]; health: CameraHealthView }; res: { ok: true } };
  'scanners:list': { req: Record<string, never>; res: ScannerView[] };
}

export type IpcChannel = keyof IpcChannels;
export type IpcRequest<C extends IpcChannel> = IpcChannels[C]['req'];
export type IpcResponse<C extends IpcChannel> = IpcChannels[C]['res'];

/** Every channel, for allow-lists in the preload and the main process. */
export const IPC_CHANNELS = [
  'kiosk:view',
  'kiosk:activity',
  'operator:login',
  'operator:logout',
  'operator:changePin',
  'operator:startWalkIn',
  'operator:openSession',
  'operator:cancel',
  'operator:finish',
  'operator:selectCamera',
  'operator:syncNow',
  'customer:begin',
  'customer:previewFrame',
  'customer:submitLiveness',
  'customer:submitSelfie',
  'customer:cameraDocument',
  'customer:scanDocument',
  'customer:skipBack',
  'camera:report',
  'scanners:list',
] as const satisfies readonly IpcChannel[];

/** Channels only the operator's screen may call. */
export const OPERATOR_CHANNELS: ReadonlySet<IpcChannel> = new Set<IpcChannel>([
  'operator:login',
  'operator:logout',
  'operator:changePin',
  'operator:startWalkIn',
  'operator:openSession',
  'operator:cancel',
  'operator:finish',
  'operator:selectCamera',
  'operator:syncNow',
]);

/** Channels only the customer's screen may call. */
export const CUSTOMER_CHANNELS: ReadonlySet<IpcChannel> = new Set<IpcChannel>([
  'customer:begin',
  'customer:previewFrame',
  'customer:submitLiveness',
  'customer:submitSelfie',
  'customer:cameraDocument',
  'customer:scanDocument',
  'customer:skipBack',
]);

/** The event channel carrying {@link KioskView} snapshots to the renderer. */
export const STATE_EVENT = 'kiosk:state';

/** Prefix of the Electron IPC channel names (`ipcRenderer.invoke('provefy-kiosk:operator:login', ...)`). */
export const ELECTRON_CHANNEL_PREFIX = 'provefy-kiosk:';

/** A handler's answer as it crosses the process boundary (errors lose their class over IPC). */
export type IpcEnvelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

/** What the preload exposes as `window.provefyKiosk`. */
export interface KioskBridge {
  /** Which screen this window is. */
  readonly role: ScreenRoleOf;
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcEnvelope<IpcResponse<C>>>;
  /** Subscribes to state snapshots; returns an unsubscribe function. */
  onState(listener: (view: KioskView) => void): () => void;
}

type ScreenRoleOf = 'operator' | 'customer' | 'combined';

/**
 * True when `channel` is one of the contract's channels.
 *
 * @example
 * ```ts
 * isIpcChannel('operator:login'); // true
 * isIpcChannel('fs:readFile'); // false
 * ```
 */
export function isIpcChannel(channel: unknown): channel is IpcChannel {
  return typeof channel === 'string' && (IPC_CHANNELS as readonly string[]).includes(channel);
}
