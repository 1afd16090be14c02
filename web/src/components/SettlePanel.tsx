import { useMemo, useRef, useState } from 'react';
import { useT } from '../i18n';
import { api, type ClaimResult, type Member, type YearTotals } from '../lib/api';
import { initialForm } from '../lib/claim-form';
import { fieldOfPath, messageOf } from '../lib/errors';
import { BOOKS_TIME_ZONE, dayIn } from '../lib/fund-view';
import { newClaimId, newKey, settlementBodyOf, type SettleForm } from '../lib/settlement-form';
import type { Role } from '../lib/roles';
import { ServiceError } from '../lib/api';
import { ClaimEditor } from './ClaimEditor';
import { MemberPicker } from './MemberPicker';
import { ResultFields } from './ResultFields';
import { ResultSteps } from './ResultSteps';
import { TotalsTable } from './TotalsTable';

const freshForm = (role: Role | null): SettleForm => ({ memberId: '', hospitalCode: role?.kind === 'institution' ? role.code : '', claimId: newClaimId(dayIn(BOOKS_TIME_ZONE), newKey()), claim: initialForm() });

/** 办理结算: a member's claim, 预结算 first, then 确认结算 (idempotent: a double click never pays twice). */
export function SettlePanel({ token, role, open, settledOne }: { token: string; role: Role | null; open: (id: string) => void; settledOne: () => void }) {
  const t = useT();
  const s = t.settlements;
  const [form, setForm] = useState<SettleForm>(() => freshForm(role));
  const [member, setMember] = useState<Member | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'settle' | null>(null);
  const [preview, setPreview] = useState<{ body: string; result: ClaimResult } | null>(null);
  const [settled, setSettled] = useState<{ body: string; id: string; result: ClaimResult; accumulators: YearTotals } | null>(null);
  const [failure, setFailure] = useState<{ field?: string; message: string } | null>(null);
  // One key per body: the same claim sent twice is answered with the first settlement.
  const key = useRef<{ body: string; key: string } | null>(null);
  const built = useMemo(() => settlementBodyOf(form, role?.kind === 'institution', t), [form, role, t]);
  const body = 'body' in built ? JSON.stringify(built.body) : null;
  const errors = tried && 'errors' in built ? built.errors : {};
  const fieldErrors = failure?.field ? { ...errors, [failure.field]: failure.message } : errors;

  const set = <K extends keyof SettleForm>(k: K, v: SettleForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const fieldError = (k: string) =>
    fieldErrors[k] ? (
      <span className="field-error" id={`${k}-error`} role="alert">
        {fieldErrors[k]}
      </span>
    ) : null;
  const described = (k: string) => (fieldErrors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${k}-error` } : {});

  function fail(e: unknown) {
    const field = e instanceof ServiceError ? fieldOfPath(e.error.path) : undefined;
    setFailure({ field, message: messageOf(e, t) });
  }

  function doPreview() {
    setTried(true);
    setFailure(null);
    if (!body || !('body' in built)) return;
    setBusy('preview');
    api
      .previewSettlement(token, built.body)
      .then((result) => setPreview({ body, result }), fail)
      .finally(() => setBusy(null));
  }

  function doSettle() {
    if (!body || !('body' in built) || busy) return;
    if (key.current?.body !== body) key.current = { body, key: newKey() };
    setBusy('settle');
    setFailure(null);
    api
      .settle(token, built.body, key.current.key)
      .then((r) => {
        setSettled({ body, ...r });
        settledOne();
      }, fail)
      .finally(() => setBusy(null));
  }

  function reset() {
    setForm(freshForm(role));
    setMember(null);
    setTried(false);
    setPreview(null);
    setSettled(null);
    setFailure(null);
  }

  const previewed = preview !== null && preview.body === body;
  const done = settled !== null && settled.body === body;
  const shown = done ? settled.result : previewed ? preview.result : null;
  const claimForm = form.claim;

  return (
    <div className="calculator settle">
      <section className="card claim-form" aria-labelledby="settle-title">
        <h2 id="settle-title">{s.settleTitle}</h2>
        <MemberPicker
          token={token}
          pick={(m) => {
            setMember(m);
            set('memberId', m.id);
          }}
        />
        <form onSubmit={(e) => e.preventDefault()} aria-labelledby="settle-title">
          <div className="grid">
            <label>
              {s.memberId}
              <input id="settle-member" value={form.memberId} onChange={(e) => set('memberId', e.target.value)} {...described('memberId')} />
              {fieldError('memberId')}
              {member && member.id === form.memberId.trim() && (
                <span className="note picked">
                  {s.picked}：{member.name}
                </span>
              )}
            </label>
            <label>
              {s.hospitalCode}
              <input id="settle-hospital" value={form.hospitalCode} readOnly={role?.kind === 'institution'} title={role?.kind === 'institution' ? s.hospitalCodeHint : undefined} onChange={(e) => set('hospitalCode', e.target.value)} {...described('hospitalCode')} />
              {fieldError('hospitalCode')}
            </label>
            <label>
              {s.claimId}
              <input id="settle-claim" value={form.claimId} onChange={(e) => set('claimId', e.target.value)} {...described('claimId')} />
              {fieldError('claimId')}
            </label>
          </div>
          <ClaimEditor form={claimForm} setForm={(next) => setForm((f) => ({ ...f, claim: typeof next === 'function' ? next(f.claim) : next }))} errors={errors} withPerson={false} />
          <div className="actions">
            <button type="button" onClick={doPreview} disabled={busy !== null}>
              {busy === 'preview' ? s.previewing : s.preview}
            </button>
            <button type="button" className="confirm" onClick={doSettle} disabled={!previewed || busy !== null || done}>
              {busy === 'settle' ? s.confirming : s.confirm}
            </button>
            <button type="button" className="link" onClick={reset}>
              {s.newForm}
            </button>
          </div>
          {!previewed && !done && <p className="note">{preview ? s.changed : s.previewFirst}</p>}
        </form>
      </section>

      <section className="card result" aria-live="polite" aria-busy={busy !== null}>
        <h2>{done ? s.settledTitle : s.previewTitle}</h2>
        {failure && !failure.field && (
          <p role="alert" className="error">
            {failure.message}
          </p>
        )}
        {done && (
          <p className="settled-id">
            {s.settled}：<code>{settled.id}</code>{' '}
            <button type="button" className="link" onClick={() => open(settled.id)}>
              {s.openDetail}
            </button>
          </p>
        )}
        {!shown && !failure && <p className="note">{s.previewFirst}</p>}
        {shown && <ResultFields result={shown} />}
        {done && <TotalsTable totals={settled.accumulators} caption={s.newTotals} />}
        {shown && <ResultSteps token={token} steps={shown.steps} />}
      </section>
    </div>
  );
}
