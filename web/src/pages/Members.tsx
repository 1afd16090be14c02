import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { api, ServiceError, type Member } from '../lib/api';
import type { Role } from '../lib/roles';
import { MemberDetail } from '../components/MemberDetail';

/** 参保人: search (ID numbers masked as the service masks them) or a member by id; a person's token opens its own member. */
export function Members({ token, role }: { token: string; role: Role | null }) {
  if (role?.kind === 'person') return <PersonMember token={token} own={role.memberId} />;
  return <MemberSearch token={token} />;
}

/** A person: its own member; another id may be tried (the service answers 403, shown in its words). */
function PersonMember({ token, own }: { token: string; own: string }) {
  const m = useT().member;
  const [id, setId] = useState(own);
  return (
    <div className="person-member">
      <section className="card">
        <OpenById open={setId} />
      </section>
      <MemberDetail key={id} token={token} id={id} back={id === own ? undefined : { label: m.backToOwn, go: () => setId(own) }} />
    </div>
  );
}

/** 按编号打开: a member by its id. */
function OpenById({ open }: { open: (id: string) => void }) {
  const m = useT().member;
  const [v, setV] = useState('');
  return (
    <form
      className="search open-id"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.trim()) open(v.trim());
      }}
    >
      <label htmlFor="member-id">{m.openById}</label>
      <input id="member-id" value={v} onChange={(e) => setV(e.target.value)} autoComplete="off" />
      <button type="submit">{m.open}</button>
    </form>
  );
}

function MemberSearch({ token }: { token: string }) {
  const t = useT();
  const m = t.member;
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [list, setList] = useState<{ items: Member[]; total: number } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setList(null);
    api.members(token, query, offset).then(setList, (e: unknown) => setError(e instanceof ServiceError && e.error.status === 403 ? t.errors.forbidden : t.errors.network));
  }, [token, query, offset, t]);

  function search(e: FormEvent) {
    e.preventDefault();
    setOffset(0);
    setQuery(q.trim());
  }

  if (selected) return <MemberDetail key={selected} token={token} id={selected} back={{ label: m.back, go: () => setSelected(null) }} />;
  return (
    <section className="card members">
      <h2>{m.title}</h2>
      <OpenById open={setSelected} />
      <form className="search" onSubmit={search} role="search">
        <label htmlFor="member-q" className="visually-hidden">
          {m.search}
        </label>
        <input id="member-q" value={q} onChange={(e) => setQ(e.target.value)} placeholder={m.search} />
        <button type="submit">{m.searchButton}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {list && list.items.length === 0 && <p className="note">{m.none}</p>}
      {list && list.items.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={m.title}>
        <table className="parameters member-list">
          <thead>
            <tr>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.idNumber}</th>
              <th scope="col">{m.region}</th>
              <th scope="col">{m.scheme}</th>
              <th scope="col">{m.status}</th>
              <th scope="col">{m.enrolledOn}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((x) => (
              <tr key={x.id} data-member={x.id}>
                <td>
                  <button type="button" className="source" onClick={() => setSelected(x.id)}>
                    {x.name}
                  </button>
                </td>
                <td>
                  <code>{x.idNumber}</code>
                </td>
                <td>{t.regions[x.region as keyof typeof t.regions] ?? x.region}</td>
                <td>{t.schemes[x.scheme as keyof typeof t.schemes] ?? x.scheme}</td>
                <td>{t.memberStatuses[x.status as keyof typeof t.memberStatuses] ?? x.status}</td>
                <td>{x.enrolledOn}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {list && list.total > 20 && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 20))}>
            {m.previous}
          </button>
          <span className="note">
            {offset + 1}–{Math.min(offset + 20, list.total)} / {list.total}
          </span>
          <button type="button" disabled={offset + 20 >= list.total} onClick={() => setOffset(offset + 20)}>
            {m.next}
          </button>
        </div>
      )}
    </section>
  );
}
