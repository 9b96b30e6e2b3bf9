import type { KioskView } from '../../shared/kiosk-view.js';
import { RESULT_LABEL } from '../i18n/messages.js';
import { PinLogin } from './PinLogin.js';
import { ResultPanel } from './ResultPanel.js';
import { StartPanel } from './StartPanel.js';
import { StatusBar } from './StatusBar.js';

/**
 * The operator's screen: sign-in, start or open a verification, follow it, see the result and the sync state.
 *
 * @example
 * ```tsx
 * <OperatorScreen view={view} />
 * ```
 */
export function OperatorScreen({ view }: { view: KioskView }) {
  return (
    <main className="operator" data-testid="operator-screen">
      <StatusBar view={view} />
      {!view.operator.loggedIn ? (
        <PinLogin view={view} />
      ) : view.verification ? (
        <ResultPanel view={view} />
      ) : (
        <StartPanel />
      )}
      {view.operator.loggedIn && view.history.length > 0 && (
        <section className="panel history" data-testid="history">
          <h3>Recent verifications</h3>
          <ul>
            {view.history.map((h) => (
              <li key={h.id}>
                {new Date(h.finishedAt).toLocaleTimeString()} — {h.overallResult ? (RESULT_LABEL[h.overallResult] ?? h.overallResult) : '–'} — {h.delivery.state}
                {h.delivery.serverResult ? ` (server: ${RESULT_LABEL[h.delivery.serverResult] ?? h.delivery.serverResult})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
