import { useEffect } from 'react';
import { reportActivity, screenRole, useKioskView } from '../bridge/kiosk-client.js';
import { useCameraHealth } from '../camera/camera-health.js';
import { useCamera } from '../camera/use-camera.js';
import { CustomerScreen } from '../customer/CustomerScreen.js';
import { OperatorScreen } from '../operator/OperatorScreen.js';

/**
 * The kiosk renderer. One window per screen (`#operator`, `#customer`), or one `combined` window that shows the
 * customer's screen while the customer captures and the operator's otherwise. The screen that shows the customer
 * owns the camera and reports its health.
 *
 * @example
 * ```tsx
 * createRoot(document.getElementById('root')!).render(<App />);
 * ```
 */
export function App() {
  const role = screenRole();
  const view = useKioskView();
  const ownsCamera = role !== 'operator';
  const cam = useCamera(view?.camera.selectedDeviceId ?? null, ownsCamera && view !== null);
  useCameraHealth(cam, ownsCamera);

  useEffect(() => {
    const onActivity = () => reportActivity();
    window.addEventListener('pointerdown', onActivity);
    window.addEventListener('keydown', onActivity);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, []);

  if (!view) return <p className="loading">Starting…</p>;
  const customerVisible = role === 'customer' || (role === 'combined' && (view.phase === 'ready' || view.phase === 'capturing'));
  return (
    <>
      {ownsCamera && <video ref={cam.attach} muted playsInline className="camera-monitor" tabIndex={-1} />}
      {customerVisible ? <CustomerScreen view={view} cam={cam} /> : <OperatorScreen view={view} />}
    </>
  );
}
