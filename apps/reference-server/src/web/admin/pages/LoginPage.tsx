import { useState } from 'react';
import { type AdminApi, ApiError } from '../api/admin-api.js';
import { ErrorText } from '../components/ui.js';

/**
 * Sign in with the dashboard password.
 *
 * @example
 * ```tsx
 * <LoginPage api={api} onSignedIn={setUser} />
 * ```
 */
export function LoginPage(props: { api: AdminApi; onSignedIn: (username: string) => void }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="ad-login">
      <form
        className="ad-card ad-login-card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const s = await props.api.login(username, password);
            props.onSignedIn(s.username);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : 'Sign-in failed');
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1>Provefy admin</h1>
        <label className="ad-field">
          <span>Username</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required />
        </label>
        <label className="ad-field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
        </label>
        <ErrorText error={error} />
        <button className="ad-btn ad-btn-primary" type="submit" disabled={busy}>
          Sign in
        </button>
        <p className="ad-muted ad-small">First start? Use the one-time setup link the server printed. Lost it? Restart with <code>npm start -- --reset-admin</code>.</p>
      </form>
    </div>
  );
}
