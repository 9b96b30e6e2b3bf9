import { useState } from 'react';
import type { KioskView } from '../../shared/kiosk-view.js';
import { type KioskCallError, call } from '../bridge/kiosk-client.js';

/**
 * PIN pad for the operator (digits only; lockout shown with its end time).
 *
 * @example
 * ```tsx
 * {!view.operator.loggedIn && <PinLogin view={view} />}
 * ```
 */
export function PinLogin({ view }: { view: KioskView }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const locked = view.operator.lockedUntil !== null && view.operator.lockedUntil > Date.now();

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('operator:login', { pin });
    } catch (e) {
      const err = e as KioskCallError;
      if (err.code === 'PROVEFY_ERR_OPERATOR_LOCKED') setError(`Locked until ${new Date(Number(err.details.lockedUntil)).toLocaleTimeString()}`);
      else if (err.details?.failuresLeft !== undefined) setError(`Wrong PIN (${String(err.details.failuresLeft)} tries left)`);
      else setError(err.message);
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  const press = (d: string) => setPin((p) => (p.length < 12 ? p + d : p));
  return (
    <section className="panel pin" data-testid="pin-login">
      <h2>Operator sign-in</h2>
      {!view.operator.pinConfigured && <p className="warn">No operator PIN is configured on this kiosk.</p>}
      {locked && <p className="warn" data-testid="pin-locked">Sign-in locked until {new Date(view.operator.lockedUntil!).toLocaleTimeString()}</p>}
      <input
        data-testid="pin-input"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={pin}
        maxLength={12}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void submit();
        }}
        aria-label="PIN"
      />
      <div className="pinpad">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'OK'].map((k) => (
          <button
            key={k}
            type="button"
            disabled={busy || locked}
            onClick={() => (k === 'OK' ? void submit() : k === '⌫' ? setPin((p) => p.slice(0, -1)) : press(k))}
          >
            {k}
          </button>
        ))}
      </div>
      {error && (
        <p className="error" data-testid="pin-error">
          {error}
        </p>
      )}
    </section>
  );
}
