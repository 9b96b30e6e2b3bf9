import { useState } from 'react';
import { KIOSK_CHECK_NAMES, type KioskCheckName } from '../../shared/kiosk-view.js';
import { type KioskCallError, call } from '../bridge/kiosk-client.js';
import { CHECK_LABEL } from '../i18n/messages.js';

/**
 * Start a verification: a walk-in (checks and a reference) or a backend session by its code (typed or scanned).
 *
 * @example
 * ```tsx
 * <StartPanel />
 * ```
 */
export function StartPanel() {
  const [checks, setChecks] = useState<KioskCheckName[]>([...KIOSK_CHECK_NAMES]);
  const [ref, setRef] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as KioskCallError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="columns">
      <section className="panel" data-testid="walk-in">
        <h2>Walk-in customer</h2>
        <fieldset>
          <legend>Checks</legend>
          {KIOSK_CHECK_NAMES.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                data-testid={`choose-${c}`}
                checked={checks.includes(c)}
                onChange={(e) => setChecks((cur) => (e.target.checked ? [...cur, c] : cur.filter((x) => x !== c)))}
              />
              {CHECK_LABEL[c]}
            </label>
          ))}
        </fieldset>
        <label>
          Reference (customer or order number)
          <input data-testid="reference" value={ref} maxLength={255} onChange={(e) => setRef(e.target.value)} />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="start-walk-in"
          disabled={busy || checks.length === 0}
          onClick={() => void run(() => call('operator:startWalkIn', { checks, ...(ref.trim() ? { externalRef: ref.trim() } : {}) }))}
        >
          Start verification
        </button>
      </section>
      <section className="panel" data-testid="open-session">
        <h2>Existing session</h2>
        <p>Scan the customer's QR code or type the code from their verification link.</p>
        <input
          data-testid="session-code"
          value={code}
          placeholder="https://…/verify/… or the code"
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && code.trim()) void run(() => call('operator:openSession', { code: code.trim() }));
          }}
        />
        <button type="button" disabled={busy || !code.trim()} data-testid="open-session-button" onClick={() => void run(() => call('operator:openSession', { code: code.trim() }))}>
          Open session
        </button>
      </section>
      {error && (
        <p className="error" data-testid="start-error">
          {error}
        </p>
      )}
    </div>
  );
}
