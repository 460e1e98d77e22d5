/**
 * Who is signed in: <AuthProvider> asks GET /v1/auth/me once, keeps {user, workspace}, signs in
 * and out, and forgets the user whenever any API call answers 401 (the session ended), which
 * sends <RequireAuth> pages to the sign-in page with the page to come back to.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, ApiError, onUnauthorized } from './api';
import { type Role, roleAtLeast, type SessionInfo } from './api-types';

interface AuthState {
  /** undefined while GET /v1/auth/me is in flight, null when nobody is signed in. */
  session: SessionInfo | null | undefined;
  signIn(email: string, password: string): Promise<SessionInfo>;
  signOut(): Promise<void>;
  /** Whether the signed-in user has at least this role. */
  can(role: Role): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api<SessionInfo>('GET', '/v1/auth/me')
      .then((s) => live && setSession(s))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status !== 401) console.error('GET /v1/auth/me failed', err);
        setSession(null);
      });
    const off = onUnauthorized(() => setSession(null));
    return () => {
      live = false;
      off();
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const s = await api<SessionInfo>('POST', '/v1/auth/signin', { email, password });
    setSession(s);
    return s;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api<void>('POST', '/v1/auth/signout');
    } finally {
      setSession(null);
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({ session, signIn, signOut, can: (role) => (session ? roleAtLeast(session.user.role, role) : false) }),
    [session, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

/** The signed-in session; only for components under <RequireAuth>. */
export function useSession(): SessionInfo {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session (outside <RequireAuth>?)');
  return session;
}

/** Renders its children for a signed-in user, else redirects to /signin?next=<here>. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (session === undefined) return <div className="boot">Loading…</div>;
  if (session === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <>{children}</>;
}
