import { useT } from '../i18n';
import { yuanText } from '../lib/format';
import type { Step } from '../lib/api';

/** The explanation, step by step; each step's source opens its article. */
export function StepList({ steps, open, opened }: { steps: Step[]; open: (source: string) => void; opened: string | null }) {
  const t = useT();
  return (
    <ol className="steps">
      {steps.map((s, i) => (
        <li key={i}>
          <span className="step-text">{s.text}</span>
          {s.amount !== null && <span className="step-amount">{yuanText(s.amount)} 元</span>}
          <button type="button" className={`source${opened === s.source ? ' active' : ''}`} onClick={() => open(s.source)} aria-label={`${t.calculator.article}：${s.source}`}>
            {s.source}
          </button>
        </li>
      ))}
    </ol>
  );
}
