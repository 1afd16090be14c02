import { useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { api, ServiceError } from '../lib/api';

export function SignIn({ onSignIn }: { onSignIn: (token: string, role: string) => void }) {
  const t = useT();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = await api.whoami(token.trim());
      onSignIn(token.trim(), who.role);
    } catch (err) {
      setError(err instanceof ServiceError && err.error.status === 401 ? t.errors.unauthorized : t.errors.network);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card sign-in" onSubmit={submit}>
      <h2>{t.signIn}</h2>
      <label htmlFor="token">{t.token}</label>
      <input id="token" name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} aria-describedby="token-hint token-error" required />
      <small id="token-hint">{t.tokenHint}</small>
      {error && (
        <p id="token-error" role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || token.trim() === ''}>
        {t.signIn}
      </button>
    </form>
  );
}
