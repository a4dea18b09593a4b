import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from './api/client.ts';
import { applyServerLanguage, isLang, onLangChosen, type Lang } from './i18n/index.tsx';
import { ErrorState, Loading } from './components/PageState.tsx';

/** GET /v1/me (plus the remembered language). */
export interface Me {
  userId: string;
  /** "Display name <e-mail>" as the audit log records it; displayName and email apart for the UI. */
  name: string;
  displayName?: string;
  email?: string;
  tenantType: 'provider' | 'partner' | 'customer';
  roles: string[];
  partner?: { id: string; name: string; type: 'DirectBill' | 'IndirectProvider' | 'IndirectReseller' | string; billingCurrency: string };
  customerId?: string;
  language?: Lang | null;
  /** Console sections this user may open (server-decided, src/domain/policy.ts decideConsoleSections). */
  sections?: Partial<Record<'customers' | 'supportRequests' | 'billing' | 'users' | 'settings' | 'auditLog' | 'desk', boolean>>;
}

interface SessionValue {
  me: Me;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

interface SessionInfo {
  csrfToken: string;
  expiresAt: string;
}

/** Signs in with e-mail and password: the server sets the cookie, the CSRF token is kept for writes. */
export async function signIn(email: string, password: string): Promise<void> {
  const s = await api<SessionInfo>('POST', '/v1/auth/session', { email, password }, { quietUnauthorized: true });
  setCsrfToken(s.csrfToken);
}

/** Where /signin sends the user back to. */
export function signInPath(returnTo?: string, ended = false): string {
  const q = new URLSearchParams();
  if (returnTo && returnTo !== '/') q.set('returnTo', returnTo);
  if (ended) q.set('ended', '1');
  const s = q.toString();
  return s ? `/signin?${s}` : '/signin';
}

/**
 * Everything inside the shell needs a signed-in user: this reads the session (cookie → CSRF token)
 * and /v1/me, applies the user's remembered language, stores a new choice on the server, and sends
 * the browser to /signin when there is no session or it ends.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const [ended, setEnded] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => {
    let current = true;
    (async () => {
      try {
        const s = await api<SessionInfo>('GET', '/v1/auth/session', undefined, { quietUnauthorized: true });
        setCsrfToken(s.csrfToken);
        const who = await api<Me>('GET', '/v1/me', undefined, { quietUnauthorized: true });
        if (!current) return;
        if (isLang(who.language)) applyServerLanguage(who.language);
        setMe(who);
        setError(null);
      } catch (err) {
        if (!current) return;
        const e = err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err));
        if (e.status === 401) setEnded(true);
        else setError(e);
      }
    })();
    return () => {
      current = false;
    };
  }, [generation]);

  useEffect(() => {
    setUnauthorizedHandler(() => setEnded(true));
    return () => setUnauthorizedHandler(undefined);
  }, []);

  useEffect(() => {
    if (!me) return;
    return onLangChosen((language) => {
      // Remembered per user; a failure only means the next sign-in starts from the browser's language.
      api('PATCH', '/v1/me/preferences', { language }).catch(() => undefined);
    });
  }, [me]);

  const signOut = useCallback(async () => {
    try {
      await api('DELETE', '/v1/auth/session', undefined, { quietUnauthorized: true });
    } finally {
      setCsrfToken(undefined);
      setMe(null);
      navigate('/signin', { replace: true });
    }
  }, [navigate]);

  if (ended) return <Navigate to={signInPath(location.pathname + location.search, me !== null)} replace />;
  if (error) return <ErrorState error={error} onRetry={() => setGeneration((g) => g + 1)} />;
  if (!me) return <Loading />;
  return <SessionContext.Provider value={{ me, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside <SessionProvider>');
  return v;
}

/** Role helpers for navigation and pages (the server still decides every action). */
export const hasRole = (me: Me, ...roles: string[]): boolean => me.roles.some((r) => roles.includes(r));
