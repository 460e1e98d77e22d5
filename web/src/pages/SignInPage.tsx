/**
 * Sign in with e-mail and password (POST /v1/auth/signin sets the session cookie). A wrong
 * e-mail/password pair is said next to the password; invalid fields next to each field. Goes to
 * `?next=` afterwards (a path inside the app), else to the overview.
 */
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { Field } from '../components/Field';

export function SignInPage() {
  const { session, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: typeof errors = {};
    if (!email.trim()) local.email = 'Enter your e-mail address';
    if (!password) local.password = 'Enter your password';
    setErrors(local);
    if (local.email || local.password) return;
    setBusy(true);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problems.length) {
        setErrors({ email: err.problemAt('body.email'), password: err.problemAt('body.password'), form: err.problemAt('body.email') || err.problemAt('body.password') ? undefined : err.message });
      } else if (err instanceof ApiError && err.status === 401) {
        setErrors({ password: err.message || 'That e-mail and password do not match' });
      } else if (err instanceof ApiError && err.status === 429) {
        setErrors({ form: 'Too many attempts; wait a minute and try again.' });
      } else {
        setErrors({ form: (err as Error).message });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="signin">
      <form className="signin__card" onSubmit={submit} noValidate aria-labelledby="signin-title">
        <div className="signin__brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={36} height={36} />
          <span>Waymark</span>
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Customer journeys, mapped on your own event data.</p>
        {errors.form && (
          <div className="notice notice--error" role="alert">
            {errors.form}
          </div>
        )}
        <Field id="signin-email" label="E-mail" error={errors.email}>
          <input type="email" autoComplete="username" autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field id="signin-password" label="Password" error={errors.password}>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}

/** Only a path inside the app (no `//host`), else the overview. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
