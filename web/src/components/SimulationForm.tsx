import type { FormEvent, ReactNode } from 'react';
import { useT } from '../i18n';
import type { ExampleReform } from '../lib/api';
import { MAX_MEMBERS, type SimulationDraft, type SimulationField } from '../lib/simulation-form';

interface Props {
  draft: SimulationDraft;
  onChange: (next: Partial<SimulationDraft>) => void;
  regions: Readonly<Record<string, string>>;
  /** The region's example reforms. */
  examples: readonly ExampleReform[];
  /** The region's parameters (`scheme.path`), once loaded. */
  parameters: readonly string[] | null;
  /** The chosen parameter's value in force, as JSON. */
  current: string;
  /** The message beside each field that has one. */
  messages: Partial<Record<SimulationField, string>>;
  running: boolean;
  onRun: () => void;
}

/** A labelled field with its message beside it (ids `sim-<field>` and `sim-<field>-error`). */
function Field({ field, label, message, children }: { field: SimulationField; label: string; message: string | undefined; children: ReactNode }) {
  return (
    <label htmlFor={`sim-${field}`} className={`sim-field sim-${field}-field`}>
      {label}
      {children}
      {message && (
        <span className="field-error" id={`sim-${field}-error`} role="alert">
          {message}
        </span>
      )}
    </label>
  );
}

/** The 测算 form: region, year, population size, and the reform (an example, or one parameter edited). */
export function SimulationForm({ draft, onChange, regions, examples, parameters, current, messages, running, onRun }: Props) {
  const s = useT().simulation;
  const aria = (f: SimulationField) => (messages[f] ? { 'aria-invalid': true, 'aria-describedby': `sim-${f}-error` } : {});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!running) onRun();
  };
  return (
    <form className="simulation-form" onSubmit={submit} noValidate>
      <div className="grid">
        <Field field="region" label={s.region} message={messages.region}>
          <select id="sim-region" value={draft.region} onChange={(e) => onChange({ region: e.target.value })} {...aria('region')}>
            {Object.entries(regions).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field field="year" label={s.year} message={messages.year}>
          <input id="sim-year" inputMode="numeric" value={draft.year} onChange={(e) => onChange({ year: e.target.value })} {...aria('year')} />
        </Field>
        <Field field="members" label={s.members} message={messages.members}>
          <input id="sim-members" type="number" min={1} max={MAX_MEMBERS} step={1} value={draft.members} onChange={(e) => onChange({ members: e.target.value })} {...aria('members')} />
        </Field>
        <Field field="seed" label={s.seed} message={messages.seed}>
          <input id="sim-seed" inputMode="numeric" value={draft.seed} onChange={(e) => onChange({ seed: e.target.value })} {...aria('seed')} />
        </Field>
      </div>
      <fieldset className="reform-mode">
        <legend>{s.reform}</legend>
        <div className="mode-choice" role="radiogroup" aria-label={s.reform}>
          <label className="check">
            <input type="radio" name="sim-mode" value="example" checked={draft.mode === 'example'} onChange={() => onChange({ mode: 'example' })} />
            {s.modeExample}
          </label>
          <label className="check">
            <input type="radio" name="sim-mode" value="parameter" checked={draft.mode === 'parameter'} onChange={() => onChange({ mode: 'parameter' })} />
            {s.modeParameter}
          </label>
        </div>
        {draft.mode === 'example' ? (
          <Field field="example" label={s.example} message={messages.example}>
            <select id="sim-example" value={draft.example} onChange={(e) => onChange({ example: e.target.value })} {...aria('example')}>
              <option value="">—</option>
              {examples.map((x) => (
                <option key={x.file} value={x.file}>
                  {x.title}（{x.from}）
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <div className="grid parameter-grid">
            <Field field="parameter" label={s.parameter} message={messages.parameter}>
              <select id="sim-parameter" value={draft.parameter} onChange={(e) => onChange({ parameter: e.target.value })} disabled={!parameters} {...aria('parameter')}>
                {!parameters && <option value="">{s.loading}</option>}
                {parameters?.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </Field>
            <Field field="from" label={s.from} message={messages.from}>
              <input id="sim-from" type="date" value={draft.from} onChange={(e) => onChange({ from: e.target.value })} {...aria('from')} />
            </Field>
            <div className="wide current">
              {s.current}
              <pre>{current || '—'}</pre>
            </div>
            <Field field="value" label={s.value} message={messages.value}>
              <textarea id="sim-value" rows={Math.min(12, Math.max(2, draft.value.split('\n').length))} spellCheck={false} value={draft.value} onChange={(e) => onChange({ value: e.target.value })} {...aria('value')} />
            </Field>
            <Field field="article" label={s.article} message={messages.article}>
              <input id="sim-article" value={draft.article} onChange={(e) => onChange({ article: e.target.value })} {...aria('article')} />
            </Field>
            <Field field="note" label={s.note} message={messages.note}>
              <input id="sim-note" value={draft.note} onChange={(e) => onChange({ note: e.target.value })} {...aria('note')} />
            </Field>
          </div>
        )}
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={running} aria-busy={running}>
          {running ? s.running : s.run}
        </button>
      </div>
    </form>
  );
}
