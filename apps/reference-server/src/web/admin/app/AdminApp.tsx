import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { AdminApi } from '../api/admin-api.js';
import type { Overview } from '../api/types.js';
import { AccountPage } from '../pages/AccountPage.js';
import { AuditPage } from '../pages/AuditPage.js';
import { KeysPage } from '../pages/KeysPage.js';
import { LoginPage } from '../pages/LoginPage.js';
import { ReviewPage } from '../pages/ReviewPage.js';
import { SessionDetailPage } from '../pages/SessionDetailPage.js';
import { SessionsPage } from '../pages/SessionsPage.js';
import { SetupPage } from '../pages/SetupPage.js';
import { WebhooksPage } from '../pages/WebhooksPage.js';

const NAV = [
  { path: '/admin/sessions', label: 'Sessions' },
  { path: '/admin/review', label: 'Review' },
  { path: '/admin/keys', label: 'API keys' },
  { path: '/admin/webhooks', label: 'Webhooks' },
  { path: '/admin/audit', label: 'Audit log' },
  { path: '/admin/account', label: 'Account' },
] as const;

function usePath(): [string, (p: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((p: string) => {
    if (p !== window.location.pathname) window.history.pushState(null, '', p);
    setPath(p);
    window.scrollTo(0, 0);
  }, []);
  return [path, navigate];
}

/**
 * The admin dashboard: sign-in (or one-time setup), then sessions, the review queue, API keys, webhooks and the audit log.
 *
 * @example
 * ```tsx
 * createRoot(document.getElementById('root')!).render(<AdminApp />);
 * ```
 */
export function AdminApp() {
  const api = useMemo(() => new AdminApi(), []);
  const [path, navigate] = usePath();
  const [user, setUser] = useState<string | null | undefined>(undefined);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [setupToken] = useState(() => (window.location.pathname === '/admin/setup' ? window.location.hash.slice(1) : ''));

  useEffect(() => {
    api.onUnauthorized = () => setUser(null);
    if (setupToken) {
      // Keep the token out of the history and of any later Referer.
      window.history.replaceState(null, '', '/admin/setup');
      setUser(null);
      return;
    }
    api.session().then(
      (s) => setUser(s?.username ?? null),
      () => setUser(null),
    );
  }, [api, setupToken]);

  const refreshOverview = useCallback(() => {
    api
      .get<Overview>('/overview')
      .then(setOverview)
      .catch(() => undefined);
  }, [api]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the badges are refreshed on every navigation (path)
  useEffect(() => {
    if (user) refreshOverview();
  }, [user, path, refreshOverview]);

  useEffect(() => {
    document.title = 'Provefy admin';
  }, []);

  const signedIn = (u: string) => {
    setUser(u);
    if (path === '/admin' || path === '/admin/' || path === '/admin/login' || path === '/admin/setup') navigate('/admin/sessions');
  };

  if (user === undefined) return <p className="ad-muted ad-pad">Loading…</p>;
  if (user === null) {
    if (setupToken && path === '/admin/setup') return <SetupPage api={api} token={setupToken} onSignedIn={signedIn} />;
    return <LoginPage api={api} onSignedIn={signedIn} />;
  }

  const detail = /^\/admin\/sessions\/([^/]+)$/.exec(path);
  let page: ReactNode;
  if (detail) page = <SessionDetailPage api={api} id={decodeURIComponent(detail[1]!)} navigate={navigate} onChanged={refreshOverview} />;
  else if (path.startsWith('/admin/review')) page = <ReviewPage api={api} navigate={navigate} />;
  else if (path.startsWith('/admin/keys')) page = <KeysPage api={api} recognizer={overview?.models?.recognizer ?? 'arcface_r50'} />;
  else if (path.startsWith('/admin/webhooks')) page = <WebhooksPage api={api} navigate={navigate} />;
  else if (path.startsWith('/admin/audit')) page = <AuditPage api={api} navigate={navigate} />;
  else if (path.startsWith('/admin/account')) page = <AccountPage api={api} username={user} />;
  else page = <SessionsPage api={api} navigate={navigate} />;

  const badge = (p: string) => {
    if (p === '/admin/review' && overview?.review) return overview.review;
    if (p === '/admin/webhooks' && overview?.webhooks?.dead) return overview.webhooks.dead;
    return null;
  };

  return (
    <div className="ad-app">
      <nav className="ad-nav" aria-label="Main">
        <div className="ad-logo">Provefy</div>
        <ul>
          {NAV.map((n) => {
            const active = path.startsWith(n.path) || (n.path === '/admin/sessions' && (path === '/admin' || path === '/admin/'));
            const b = badge(n.path);
            return (
              <li key={n.path}>
                <a
                  href={n.path}
                  aria-current={active ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(n.path);
                  }}
                >
                  {n.label}
                  {b !== null && <span className="ad-badge">{b}</span>}
                </a>
              </li>
            );
          })}
        </ul>
        <div className="ad-nav-foot">
          <span className="ad-small">{user}</span>
          <button
            type="button"
            className="ad-btn ad-btn-small"
            onClick={async () => {
              await api.logout();
              setUser(null);
              navigate('/admin/login');
            }}
          >
            Sign out
          </button>
        </div>
      </nav>
      <main className="ad-main">{page}</main>
    </div>
  );
}
