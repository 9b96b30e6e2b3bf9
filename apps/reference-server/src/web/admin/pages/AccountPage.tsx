import { useState } from 'react';
import { type AdminApi, ApiError } from '../api/admin-api.js';
import { ErrorText } from '../components/ui.js';

/**
 * Change the dashboard password (other sessions are signed out).
 *
 * @example
 * ```tsx
 * <AccountPage api={api} username="admin" />
 * ```
 */
export function AccountPage(props: { api: AdminApi; username: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <section>
      <h1>Account</h1>
      <form
        className="ad-card ad-narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setDone(false);
          try {
            await props.api.post('/password', { currentPassword: current, newPassword: next });
            setDone(true);
            setCurrent('');
            setNext('');
          } catch (err) {
            setError(err instanceof ApiError ? err.message : 'Failed');
          }
        }}
      >
        <p>
          Signed in as <strong>{props.username}</strong>.
        </p>
        <label className="ad-field">
          <span>Current password</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required />
        </label>
        <label className="ad-field">
          <span>New password (12+ characters)</span>
          <input type="password" autoComplete="new-password" minLength={12} value={next} onChange={(e) => setNext(e.currentTarget.value)} required />
        </label>
        <ErrorText error={error} />
        {done && <p className="ad-ok">Password changed. Other sessions were signed out.</p>}
        <button className="ad-btn ad-btn-primary" type="submit">
          Change password
        </button>
      </form>
    </section>
  );
}
