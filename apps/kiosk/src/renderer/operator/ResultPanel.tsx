import type { CheckView, KioskView, VerificationView } from '../../shared/kiosk-view.js';
import { call } from '../bridge/kiosk-client.js';
import { CHECK_LABEL, RESULT_LABEL } from '../i18n/messages.js';

function formatValue(v: string | number | boolean | null): string {
  if (v === null) return '–';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return String(v);
}

function CheckRow({ c }: { c: CheckView }) {
  return (
    <li className={`check-row ${c.result?.toLowerCase() ?? 'pending'}`} data-testid={`check-${c.check}`}>
      <div className="check-head">
        <strong>{CHECK_LABEL[c.check]}</strong>
        <span className="badge" data-testid={`check-${c.check}-result`}>
          {c.result ? RESULT_LABEL[c.result] : 'Pending'}
        </span>
        {!c.final && c.result === 'FAIL' && <span className="muted"> ({c.attemptsLeft} attempts left)</span>}
      </div>
      <div className="values">
        {Object.entries(c.values).map(([k, v]) => (
          <span key={k}>
            {k}: {formatValue(v)}
          </span>
        ))}
      </div>
      {c.reasons.length > 0 && (
        <ul className="reasons" data-testid={`check-${c.check}-reasons`}>
          {c.reasons.map((r) => (
            <li key={r.code}>
              <code>{r.code}</code> {r.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Delivery({ v }: { v: VerificationView }) {
  const d = v.delivery;
  if (!d) return null;
  const text =
    d.state === 'delivered'
      ? `Delivered to the server: ${d.serverStatus ?? ''} ${d.serverResult ? (RESULT_LABEL[d.serverResult] ?? d.serverResult) : ''}`
      : d.state === 'sending'
        ? 'Sending to the server…'
        : d.state === 'rejected'
          ? `The server refused it: ${d.error ?? ''}`
          : `Queued for the server${d.error ? ` (will retry: ${d.error})` : ''}`;
  return (
    <p className={`delivery ${d.state}`} data-testid="delivery">
      {text}
    </p>
  );
}

/**
 * Progress while the customer captures, then the result with each check's reasons and the delivery to the server.
 *
 * @example
 * ```tsx
 * {view.verification && <ResultPanel view={view} />}
 * ```
 */
export function ResultPanel({ view }: { view: KioskView }) {
  const v = view.verification!;
  const done = v.status === 'COMPLETED';
  return (
    <section className="panel result" data-testid="result-panel">
      <header>
        <h2>{done ? 'Result' : view.phase === 'ready' ? 'Waiting for the customer to start' : 'Customer is verifying…'}</h2>
        {v.externalRef && <span className="muted">Reference: {v.externalRef}</span>}
        <span className="muted">{v.origin === 'walk_in' ? 'Walk-in' : 'Backend session'}</span>
        {!v.linkedToServer && <span className="muted">offline: the server session is created when syncing</span>}
      </header>
      {done && (
        <p className={`overall ${v.overallResult?.toLowerCase()}`} data-testid="overall-result">
          {v.overallResult ? RESULT_LABEL[v.overallResult] : ''}
        </p>
      )}
      {done && v.overallResult === 'REVIEW' && <p data-testid="review-note">Sent to the review queue on the server: a reviewer decides there.</p>}
      {!done && v.busy && <p className="muted">Checking the {v.busy.replace('_', ' ')}…</p>}
      <ul className="checks">
        {v.results.map((c) => (
          <CheckRow key={c.check} c={c} />
        ))}
      </ul>
      {v.document && (
        <table className="doc-fields" data-testid="document-fields">
          <tbody>
            {Object.entries(v.document).map(([k, val]) => (
              <tr key={k}>
                <th>{k}</th>
                <td>{val ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Delivery v={v} />
      <div className="actions">
        {done ? (
          <button type="button" className="primary" data-testid="finish" onClick={() => void call('operator:finish', {})}>
            Next customer
          </button>
        ) : (
          <button type="button" data-testid="cancel" onClick={() => void call('operator:cancel', {})}>
            Cancel verification
          </button>
        )}
      </div>
    </section>
  );
}
