import { useRef } from 'react';
import type { KioskView } from '../../shared/kiosk-view.js';
import { call } from '../bridge/kiosk-client.js';
import type { CameraState } from '../camera/use-camera.js';
import { DocumentStep } from './DocumentStep.js';
import { LivenessStep } from './LivenessStep.js';
import { SelfieStep } from './SelfieStep.js';

/**
 * The customer's screen. It shows nothing personal: a welcome while no verification runs, a start button once the
 * operator started one, the guided captures, and a neutral "thank you" at the end (the result is for the operator).
 * When the main process wipes the verification (idle timeout, finish, cancel) the view becomes empty and every
 * step unmounts with its captured frames.
 *
 * @example
 * ```tsx
 * <CustomerScreen view={view} cam={useCamera(view.camera.selectedDeviceId)} />
 * ```
 */
export function CustomerScreen({ view, cam }: { view: KioskView; cam: CameraState }) {
  const v = view.verification;
  const attempts = useRef(new Map<string, number>());
  if (!v) {
    return (
      <main className="customer welcome" data-testid="customer-welcome">
        <h1>Welcome</h1>
        <p>A member of staff will start your verification.</p>
      </main>
    );
  }
  if (view.phase === 'ready') {
    return (
      <main className="customer" data-testid="customer-ready">
        <h1>Identity verification</h1>
        <p>We will check that you are present in person, take a photo of your face and read your identity document.</p>
        <p className="muted">Your images are used for this verification only.</p>
        <button type="button" className="primary big" data-testid="customer-start" onClick={() => void call('customer:begin', {})}>
          Start
        </button>
      </main>
    );
  }
  if (view.phase === 'result') {
    return (
      <main className="customer done" data-testid="customer-done">
        <h1>Thank you</h1>
        <p>All done. Please turn to the member of staff.</p>
      </main>
    );
  }
  const next = v.next[0] ?? null;
  const key = `${v.id}:${next}`;
  const attempt = v.results.reduce((s, c) => s + c.attempts, 0);
  attempts.current.set(key, attempt);
  return (
    <main className="customer capturing" data-testid="customer-capturing" key={v.id}>
      {v.notice && (
        <p className="notice" data-testid="customer-notice">
          {v.notice.message}. Let's try again.
        </p>
      )}
      {v.busy === 'liveness' || v.busy === 'selfie' ? (
        <p className="instruction" data-testid="customer-busy">
          Checking…
        </p>
      ) : next === 'liveness' ? (
        <LivenessStep key={`${key}:${attempt}`} v={v} cam={cam} attempt={attempt} />
      ) : next === 'selfie' ? (
        <SelfieStep key={`${key}:${attempt}`} cam={cam} attempt={attempt} />
      ) : next === 'document_front' || next === 'document_back' ? (
        <DocumentStep key={`${key}:${attempt}`} view={view} cam={cam} side={next === 'document_front' ? 'front' : 'back'} />
      ) : (
        <p className="instruction">One moment…</p>
      )}
    </main>
  );
}
