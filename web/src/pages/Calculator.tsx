import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n';
import { api, ServiceError, type ClaimResult } from '../lib/api';
import { emptyItem, initialForm, itemsFromPaste, requestOf, type ClaimForm, type ItemRow } from '../lib/claim-form';
import { percentText, yuanText } from '../lib/format';
import { ArticlePanel } from '../components/ArticlePanel';
import { StepList } from '../components/StepList';
import { Choice, Select } from '../components/Choice';

/** ECharts loads with the first result, not with the page. */
const ShareBar = lazy(() => import('../components/ShareBar').then((m) => ({ default: m.ShareBar })));

const RESULT_FIELDS = ['medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt', 'act_pay_dedc', 'pool_prop_selfpay', 'hifp_pay', 'hifob_pay', 'hifmi_pay', 'oth_pay', 'fund_pay_sumamt', 'psn_part_amt', 'acct_pay', 'psn_cash_pay'] as const;

/** 结算试算: a claim settled by the service's preview as one types, with the law beside each step. */
export function Calculator({ token }: { token: string }) {
  const t = useT();
  const c = t.calculator;
  const [form, setForm] = useState<ClaimForm>(initialForm);
  const [result, setResult] = useState<ClaimResult | null>(null);
  const [serviceError, setServiceError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const [paste, setPaste] = useState('');
  const [pasteNote, setPasteNote] = useState<string | null>(null);
  const built = useMemo(() => requestOf(form, t), [form, t]);
  const errors = 'errors' in built ? built.errors : {};

  // Settles 300 ms after the last keystroke; a newer request cancels the older one.
  useEffect(() => {
    if (!('request' in built)) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      api
        .previewSettle(token, built.request, abort.signal)
        .then((r) => {
          setResult(r.results[0] ?? null);
          setServiceError(null);
        })
        .catch((e: unknown) => {
          if (abort.signal.aborted) return;
          setResult(null);
          setServiceError(e instanceof ServiceError ? (e.error.status === 0 ? t.errors.network : `${e.error.message}${e.error.path ? `（${e.error.path}）` : ''}`) : String(e));
        })
        .finally(() => !abort.signal.aborted && setBusy(false));
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [built, token, t]);

  const set = <K extends keyof ClaimForm>(key: K, value: ClaimForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setItem = (i: number, patch: Partial<ItemRow>) => setForm((f) => ({ ...f, items: f.items.map((row, j) => (j === i ? { ...row, ...patch } : row)) }));
  const fieldError = (key: string) =>
    errors[key] ? (
      <span className="field-error" id={`${key}-error`} role="alert">
        {errors[key]}
      </span>
    ) : null;
  const described = (key: string) => (errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${key}-error` } : {});

  function importPaste() {
    const { items, unreadable } = itemsFromPaste(paste);
    if (items.length) setForm((f) => ({ ...f, items: [...f.items, ...items] }));
    setPasteNote(unreadable.length ? `${items.length} ✓ · ${unreadable.join('、')} ✗` : `${items.length} ✓`);
    setPaste('');
  }

  return (
    <div className="calculator">
      <form className="card claim-form" onSubmit={(e) => e.preventDefault()} aria-label={c.title}>
        <h2>{c.title}</h2>
        <div className="grid">
          <Choice label={c.region} value={form.region} options={t.regions} onChange={(v) => set('region', v)} />
          <Choice label={c.scheme} value={form.scheme} options={t.schemes} onChange={(v) => set('scheme', v)} />
          <Choice label={c.status} value={form.status} options={t.statuses} onChange={(v) => set('status', v)} />
          <label>
            {c.birthDate}
            <input value={form.birthDate} onChange={(e) => set('birthDate', e.target.value)} placeholder="1970-05-01" {...described('birthDate')} />
            {fieldError('birthDate')}
          </label>
          <Choice label={c.claimType} value={form.type} options={t.claimTypes} onChange={(v) => set('type', v)} />
          {form.type === 'inpatient' ? (
            <>
              <label>
                {c.admissionDate}
                <input value={form.admissionDate} onChange={(e) => set('admissionDate', e.target.value)} {...described('admissionDate')} />
                {fieldError('admissionDate')}
              </label>
              <label>
                {c.dischargeDate}
                <input value={form.dischargeDate} onChange={(e) => set('dischargeDate', e.target.value)} {...described('dischargeDate')} />
                {fieldError('dischargeDate')}
              </label>
            </>
          ) : (
            <label>
              {c.visitDate}
              <input value={form.visitDate} onChange={(e) => set('visitDate', e.target.value)} {...described('visitDate')} />
              {fieldError('visitDate')}
            </label>
          )}
          <label>
            {c.level}
            <select value={form.level} onChange={(e) => set('level', Number(e.target.value) as ClaimForm['level'])}>
              {[0, 1, 2, 3].map((l) => (
                <option key={l} value={l}>
                  {l === 0 ? '一级以下' : `${['', '一', '二', '三'][l]}级`}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={form.tcm} onChange={(e) => set('tcm', e.target.checked)} />
            {c.tcm}
          </label>
          <Choice label={c.place} value={form.place} options={t.places} onChange={(v) => set('place', v)} />
          <Choice label={c.registration} value={form.registration} options={t.registrations} onChange={(v) => set('registration', v)} />
          {(form.type === 'chronic' || form.type === 'special') && (
            <label>
              {c.disease}
              <input value={form.disease} onChange={(e) => set('disease', e.target.value)} {...described('disease')} />
              {fieldError('disease')}
            </label>
          )}
        </div>

        <fieldset>
          <legend>{c.items}</legend>
          {fieldError('items')}
          <table className="items">
            <thead>
              <tr>
                <th scope="col">{t.itemFields.category}</th>
                <th scope="col">{t.itemFields.class}</th>
                <th scope="col">{t.itemFields.amount}</th>
                <th scope="col">{t.itemFields.quantity}</th>
                <th scope="col" aria-label={c.removeItem} />
              </tr>
            </thead>
            <tbody>
              {form.items.map((row, i) => (
                <tr key={i}>
                  <td>
                    <Select label={`${t.itemFields.category} ${i + 1}`} value={row.category} options={t.categories} onChange={(v) => setItem(i, { category: v })} />
                  </td>
                  <td>
                    {row.category === 'bed' ? (
                      <Select label={`${t.itemFields.ward} ${i + 1}`} value={row.ward} options={t.wards} onChange={(v) => setItem(i, { ward: v })} />
                    ) : (
                      <Select label={`${t.itemFields.class} ${i + 1}`} value={row.class} options={t.classes} onChange={(v) => setItem(i, { class: v })} />
                    )}
                  </td>
                  <td>
                    <input inputMode="decimal" aria-label={`${row.category === 'bed' ? t.itemFields.dailyPrice : t.itemFields.amount} ${i + 1}`} value={row.amount} placeholder={row.category === 'bed' ? t.itemFields.dailyPrice : t.itemFields.amount} onChange={(e) => setItem(i, { amount: e.target.value })} {...described(`items.${i}.amount`)} />
                    {fieldError(`items.${i}.amount`)}
                  </td>
                  <td>
                    <input inputMode="decimal" aria-label={`${row.category === 'bed' ? t.itemFields.days : t.itemFields.quantity} ${i + 1}`} value={row.quantity} placeholder={row.category === 'bed' ? t.itemFields.days : t.itemFields.quantity} onChange={(e) => setItem(i, { quantity: e.target.value })} {...described(`items.${i}.quantity`)} />
                    {fieldError(`items.${i}.quantity`)}
                  </td>
                  <td>
                    <button type="button" onClick={() => setForm((f) => ({ ...f, items: f.items.filter((_, j) => j !== i) }))}>
                      {c.removeItem}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setForm((f) => ({ ...f, items: [...f.items, emptyItem()] }))}>
            {c.addItem}
          </button>
          <label className="paste">
            {c.paste}
            <textarea rows={3} value={paste} onChange={(e) => setPaste(e.target.value)} />
          </label>
          <button type="button" onClick={importPaste} disabled={paste.trim() === ''}>
            {c.pasteApply}
          </button>
          {pasteNote && <span className="note">{pasteNote}</span>}
        </fieldset>
      </form>

      <section className="card result" aria-live="polite" aria-busy={busy}>
        <div className="result-head">
          <h2>{c.result}</h2>
          {busy && <span className="note">{c.settling}</span>}
          {result && (
            <button type="button" onClick={() => window.print()}>
              {c.print}
            </button>
          )}
        </div>
        {serviceError && (
          <p role="alert" className="error">
            {serviceError}
          </p>
        )}
        {!result && !serviceError && <p className="note">{c.noResult}</p>}
        {result && (
          <>
            <Suspense fallback={<div className="share-bar" />}>
              <ShareBar result={result} />
            </Suspense>
            <table className="fields">
              <tbody>
                {RESULT_FIELDS.map((k) => (
                  <tr key={k} data-field={k}>
                    <th scope="row">
                      {t.fields[k]} <code>{k}</code>
                    </th>
                    <td>{k === 'pool_prop_selfpay' ? percentText(result[k]) : `${yuanText(result[k])} 元`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{c.steps}</h3>
            <div className={opened ? 'steps-with-article' : undefined}>
              <StepList steps={result.steps} open={setOpened} opened={opened} />
              {opened && <ArticlePanel token={token} source={opened} close={() => setOpened(null)} />}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
