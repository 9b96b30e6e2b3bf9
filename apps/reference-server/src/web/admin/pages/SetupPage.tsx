import { useState } from 'react';
import { type AdminApi, ApiError } from '../api/admin-api.js';
import { ErrorText } from '../components/ui.js';

/**
 * The one-time setup link (`/admin/setup#<token>`): choose the dashboard password. The token never reaches server logs: it is in the URL fragment.
 *
 * @example
 * ```tsx
 * <SetupPage api={api} token={location.hash.slice(1)} onSignedIn={setUser} />
 * ```
 */
export function SetupPage(props: { api: AdminApi; token: string; onSignedIn: (username: string) => void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="ad-login">
      <form
        className="ad-card ad-login-card"
        onSubmit={async (e) => {
          e.preventDefault();
          if (password !== confirm) return setError('The passwords differ');
          setBusy(true);
          setError(null);
          try {
            const s = await props.api.setup(props.token, password);
            props.onSignedIn(s.username);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : 'Setup failed');
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1>Set the admin password</h1>
        <p className="ad-muted">
          User <strong>admin</strong>. At least 12 characters. This link works once.
        </p>
        <label className="ad-field">
          <span>New password</span>
          <input name="new-password" type="password" autoComplete="new-password" minLength={12} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
        </label>
        <label className="ad-field">
          <span>Repeat</span>
          <input name="confirm-password" type="password" autoComplete="new-password" minLength={12} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} required />
        </label>
        <ErrorText error={error} />
        <button className="ad-btn ad-btn-primary" type="submit" disabled={busy}>
          Save and sign in
        </button>
      </form>
    </div>
  );
}
