import { useT } from '../i18n';
import { yuanText, percentText } from '../lib/format';
import { used } from '../lib/member-view';
import type { CapRow } from '../lib/member-caps';

/** The year's use against each cap (a disease's own cap under its name): a bar where the policy data gives the cap's amount, the amount alone otherwise. */
export function CapBars({ rows }: { rows: CapRow[] }) {
  const t = useT();
  const c = t.caps;
  return (
    <ul className="caps" aria-label={c.title}>
      {rows.map((r) => {
        const label = r.disease === undefined ? c[r.key] : `${c[r.key]}：${r.disease}`;
        return (
          <li key={`${r.key}:${r.disease ?? ''}`} className={r.disease === undefined ? 'cap' : 'cap cap-disease'} data-cap={r.key} data-disease={r.disease}>
            <span className="cap-label">{label}</span>
            <span className="cap-amount">
              {c.used} {yuanText(r.used)} 元 / {r.cap === undefined ? (r.byDisease ? c.byDisease : c.noCap) : `${c.of} ${yuanText(r.cap)} 元（${percentText(used(r.used, r.cap))}）`}
            </span>
            {r.cap !== undefined && <progress max={1} value={used(r.used, r.cap)} aria-label={`${label} ${c.used}/${c.of}`} />}
          </li>
        );
      })}
    </ul>
  );
}
