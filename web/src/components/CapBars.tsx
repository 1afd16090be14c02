import { useT } from '../i18n';
import { yuanText, percentText } from '../lib/format';
import { used } from '../lib/member-view';
import type { CapRow } from '../lib/member-caps';

/** The year's use against each cap: a bar where the policy data gives the cap's amount, the amount alone otherwise. */
export function CapBars({ rows }: { rows: CapRow[] }) {
  const t = useT();
  const c = t.caps;
  return (
    <ul className="caps" aria-label={c.title}>
      {rows.map((r) => (
        <li key={r.key} className="cap" data-cap={r.key}>
          <span className="cap-label">{c[r.key]}</span>
          <span className="cap-amount">
            {c.used} {yuanText(r.used)} 元 / {r.cap === undefined ? c.noCap : `${c.of} ${yuanText(r.cap)} 元（${percentText(used(r.used, r.cap))}）`}
          </span>
          {r.cap !== undefined && <progress max={1} value={used(r.used, r.cap)} aria-label={`${c[r.key]} ${c.used}/${c.of}`} />}
        </li>
      ))}
    </ul>
  );
}
