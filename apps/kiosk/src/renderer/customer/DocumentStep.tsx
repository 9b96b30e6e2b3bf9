import { useEffect, useRef, useState } from 'react';
import type { KioskView, ScannerView } from '../../shared/kiosk-view.js';
import { type KioskCallError, call } from '../bridge/kiosk-client.js';
import { captureJpeg, frameDifference, measureFrame, sleep } from '../camera/frame-capture.js';
import type { CameraState } from '../camera/use-camera.js';
import { useCustomerText } from '../i18n/customer-text.js';
import { errorText } from '../i18n/messages.js';
import { CameraView } from './CameraView.js';

type Source = { kind: 'scanner'; scanner: ScannerView } | { kind: 'camera' } | null;

/** Auto-capture needs this many steady, sharp measurements in a row. */
const STEADY_FRAMES = 4;
const MAX_DIFF = 4;
const MIN_SHARPNESS = 25;

/**
 * The document: from a scanner (SANE or a watched folder: "place your document on the scanner" while the main process
 * waits for the scan) or from the camera (auto-capture once the document is steady and sharp, or a button).
 * For a two-sided document the back is asked for, with a "no back side" way out.
 *
 * @example
 * ```tsx
 * <DocumentStep view={view} cam={cam} side="front" />
 * ```
 */
export function DocumentStep({ view, cam, side }: { view: KioskView; cam: CameraState; side: 'front' | 'back' }) {
  const t = useCustomerText();
  const [source, setSource] = useState<Source>(null);
  const [localStatus, setStatus] = useState<string | null>(null);
  const v = view.verification;
  // The main process knows best (this screen may have reloaded): waiting for a scanner, or reading.
  const status = v?.scanning
    ? t('document.waitingScan')
    : v?.busy === 'document_front' || v?.busy === 'document_back'
      ? t('document.reading')
      : localStatus;
  const [error, setError] = useState<string | null>(null);
  const capturing = useRef(false);
  const scanners = view.scanners.filter((s) => s.kind !== 'camera');
  const camera = view.scanners.find((s) => s.kind === 'camera');

  const submitCamera = async () => {
    if (capturing.current) return;
    const video = cam.videoRef.current;
    if (!video) return;
    capturing.current = true;
    setStatus(t('document.reading'));
    try {
      const image = await captureJpeg(video, { maxWidth: 1920, quality: 0.93 });
      await call('customer:cameraDocument', { side, image });
    } catch (e) {
      setError(errorText((e as KioskCallError).code ?? '', (e as Error).message));
    } finally {
      capturing.current = false;
      setStatus(null);
      setSource(null);
    }
  };

  const scan = async (scanner: ScannerView) => {
    setSource({ kind: 'scanner', scanner });
    setError(null);
    setStatus(t('document.scanning'));
    try {
      await call('customer:scanDocument', { side, scannerId: scanner.id });
    } catch (e) {
      setError(errorText((e as KioskCallError).code ?? '', (e as Error).message));
    } finally {
      setStatus(null);
      setSource(null);
    }
  };

  // Camera auto-capture: steady (small frame-to-frame change) and sharp for a few measurements.
  // biome-ignore lint/correctness/useExhaustiveDependencies: one measuring loop per chosen source; it reads refs only
  useEffect(() => {
    if (source?.kind !== 'camera' || !cam.ready) return;
    let alive = true;
    void (async () => {
      let prev: Float32Array | null = null;
      let steady = 0;
      while (alive && !capturing.current) {
        await sleep(250);
        const video = cam.videoRef.current;
        const m = video ? measureFrame(video) : null;
        if (!m) continue;
        const diff = prev ? frameDifference(prev, m.luma) : Number.POSITIVE_INFINITY;
        prev = m.luma;
        steady = diff < MAX_DIFF && m.sharpness > MIN_SHARPNESS ? steady + 1 : 0;
        if (steady >= STEADY_FRAMES && alive) {
          await submitCamera();
          return;
        }
      }
    })();
    return () => {
      alive = false;
    };
  }, [source, cam.ready]);

  return (
    <section className="step document" data-testid={`document-step-${side}`}>
      <h2>{side === 'front' ? t('document.front') : t('document.back')}</h2>
      {source === null && !v?.busy && (
        <div className="sources">
          {scanners.map((s) => (
            <button key={s.id} type="button" className="big" disabled={!s.ready} data-testid={`scanner-${s.id}`} onClick={() => void scan(s)}>
              {t('document.useScanner', { label: s.label })}
            </button>
          ))}
          {camera && (
            <button type="button" className="big" data-testid="use-camera" onClick={() => setSource({ kind: 'camera' })}>
              {t('document.useCamera')}
            </button>
          )}
          {side === 'back' && (
            <button type="button" data-testid="skip-back" onClick={() => void call('customer:skipBack', {}).catch((e: Error) => setError(e.message))}>
              {t('document.noBack')}
            </button>
          )}
        </div>
      )}
      {source?.kind === 'camera' && (
        <>
          <CameraView cam={cam} overlay="document" mirrored={false} />
          <p className="instruction">{t('document.holdInFrame')}</p>
          <button type="button" data-testid="capture-document" onClick={() => void submitCamera()}>
            {t('document.takePicture')}
          </button>
        </>
      )}
      {status && (
        <p className="instruction" data-testid="document-status">
          {status}
        </p>
      )}
      {error && (
        <p className="error" data-testid="document-error">
          {error}
        </p>
      )}
    </section>
  );
}
