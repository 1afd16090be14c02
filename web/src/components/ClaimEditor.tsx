import { useState, type Dispatch, type SetStateAction } from 'react';
import { useT } from '../i18n';
import { emptyItem, itemsFromPaste, type ClaimForm, type FieldErrors, type ItemRow } from '../lib/claim-form';
import { Choice, Select } from './Choice';

/**
 * A claim's fields and items (added, removed, pasted), with each message beside its field. The
 * calculator shows the person's fields too; a settlement takes them from the member record.
 */
export function ClaimEditor({ form, setForm, errors, withPerson }: { form: ClaimForm; setForm: Dispatch<SetStateAction<ClaimForm>>; errors: FieldErrors; withPerson: boolean }) {
  const t = useT();
  const c = t.calculator;
  const [paste, setPaste] = useState('');
  const [pasteNote, setPasteNote] = useState<string | null>(null);
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
    <>
    <div className="grid">
      {withPerson && (
        <>
        <Choice label={c.region} value={form.region} options={t.regions} onChange={(v) => set('region', v)} />
        <Choice label={c.scheme} value={form.scheme} options={t.schemes} onChange={(v) => set('scheme', v)} />
        <Choice label={c.status} value={form.status} options={t.statuses} onChange={(v) => set('status', v)} />
        <label>
          {c.birthDate}
          <input value={form.birthDate} onChange={(e) => set('birthDate', e.target.value)} placeholder="1970-05-01" {...described('birthDate')} />
          {fieldError('birthDate')}
        </label>
        </>
      )}
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
    </>
  );
}
