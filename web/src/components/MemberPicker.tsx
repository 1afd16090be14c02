import { useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { api, type Member } from '../lib/api';
import { messageOf } from '../lib/errors';

/** Finds members by name or ID number (`GET /v1/members?q=`) and hands the one chosen to the form. */
export function MemberPicker({ token, pick }: { token: string; pick: (m: Member) => void }) {
  const t = useT();
  const s = t.settlements;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Member[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function find(e: FormEvent) {
    e.preventDefault();
    if (!q.trim()) return;
    setBusy(true);
    setError(null);
    api
      .members(token, q.trim(), 0)
      .then((r) => setFound(r.items), (err: unknown) => setError(messageOf(err, t)))
      .finally(() => setBusy(false));
  }

  return (
    <form className="search member-picker" role="search" onSubmit={find} aria-busy={busy}>
      <label htmlFor="settle-find">{s.findMember}</label>
      <div className="search-row">
        <input id="settle-find" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" disabled={busy}>
          {s.findButton}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {found && found.length === 0 && <p className="note">{t.member.none}</p>}
      {found && found.length > 0 && (
        <ul className="found">
          {found.map((m) => (
            <li key={m.id} data-member={m.id}>
              <span>
                {m.name} <code>{m.idNumber}</code> {t.regions[m.region as keyof typeof t.regions] ?? m.region} · {t.schemes[m.scheme as keyof typeof t.schemes] ?? m.scheme}
              </span>
              <button
                type="button"
                onClick={() => {
                  pick(m);
                  setFound(null);
                }}
              >
                {s.pick}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
