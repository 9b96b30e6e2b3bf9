import type { KioskView } from '../../shared/kiosk-view.js';
import { call } from '../bridge/kiosk-client.js';

/**
 * Camera choice and health, scanners, server link and sign-out, always visible to the operator.
 *
 * @example
 * ```tsx
 * <StatusBar view={view} />
 * ```
 */
export function StatusBar({ view }: { view: KioskView }) {
  const h = view.camera.health;
  const s = view.sync;
  return (
    <div className="statusbar" data-testid="status-bar">
      <div className="status-item" data-testid="camera-health">
        <strong>Camera</strong>
        {view.operator.loggedIn && view.camera.devices.length > 0 ? (
          <select
            data-testid="camera-select"
            value={view.camera.selectedDeviceId ?? ''}
            onChange={(e) => void call('operator:selectCamera', { deviceId: e.target.value })}
          >
            {view.camera.devices.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        ) : (
          <span>{h?.label ?? 'none'}</span>
        )}
        <span className={`dot ${h?.state ?? 'unknown'}`} data-testid="camera-state">
          {h?.state ?? 'unknown'}
        </span>
        {h && h.state !== 'unknown' && (
          <span className="muted">
            {h.width}x{h.height} {h.fps !== null ? `${h.fps} fps` : ''} light {h.brightness ?? '–'}
          </span>
        )}
        {h?.problems.length ? <span className="warn">{h.problems.join(', ')}</span> : null}
      </div>
      <div className="status-item" data-testid="scanner-status">
        <strong>Scanners</strong>
        {view.scanners.map((x) => (
          <span key={x.id} className={`dot ${x.ready ? 'ok' : 'failed'}`} title={x.detail ?? ''}>
            {x.label}
          </span>
        ))}
      </div>
      <div className="status-item" data-testid="sync-status">
        <strong>Server</strong>
        {!s.configured ? (
          <span className="muted">not configured (offline only)</span>
        ) : (
          <span className={`dot ${s.online ? 'ok' : s.online === false ? 'failed' : 'unknown'}`}>{s.online ? 'online' : s.online === false ? 'offline' : '…'}</span>
        )}
        <span data-testid="sync-pending">{s.pending} queued</span>
        {view.operator.loggedIn && s.configured && (
          <button type="button" onClick={() => void call('operator:syncNow', {})}>
            Sync now
          </button>
        )}
      </div>
      {view.operator.loggedIn && (
        <button type="button" data-testid="sign-out" onClick={() => void call('operator:logout', {})}>
          Sign out
        </button>
      )}
    </div>
  );
}
