import { useT } from '../i18n';
import type { StatementLine } from '../lib/api';
import { dateTimeText, yuanText } from '../lib/format';
import { checkStatement } from '../lib/statement';

/** 个人账户明细: every line of the journal with the running balance, checked in fen. */
export function AccountStatement({ statement, error }: { statement: { balance: number; lines: StatementLine[] } | null; error: string | null }) {
  const t = useT();
  const s = t.statement;
  const check = statement ? checkStatement(statement.lines, statement.balance) : null;
  return (
    <section className="account-statement" aria-labelledby="statement-title">
      <h3 id="statement-title">{s.title}</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!statement && !error && <p className="note">{s.loading}</p>}
      {statement && (
        <p className="account-balance">
          {s.balance}：<strong data-balance>{yuanText(statement.balance)} 元</strong>
        </p>
      )}
      {check && !check.ok && (
        <p role="alert" className="error">
          {s.mismatch}
        </p>
      )}
      {statement && statement.lines.length === 0 && <p className="note">{s.none}</p>}
      {statement && statement.lines.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="statement-title">
          <table className="parameters statement-lines">
            <thead>
              <tr>
                <th scope="col">{s.at}</th>
                <th scope="col">{s.kind}</th>
                <th scope="col">{s.settlement}</th>
                <th scope="col" className="num">
                  {s.amount}
                </th>
                <th scope="col" className="num">
                  {s.running}
                </th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.map((l, i) => (
                <tr key={i} data-line={i} className={check?.at === i ? 'changed' : undefined}>
                  <td className="period" data-label={s.at}>{dateTimeText(l.at, 'Asia/Shanghai')}</td>
                  <td data-label={s.kind}>{s.kinds[l.kind] ?? l.kind}</td>
                  {l.settlementId ? (
                    <td data-label={s.settlement} data-settlement>
                      <code>{l.settlementId}</code>
                    </td>
                  ) : (
                    <td data-settlement />
                  )}
                  <td className="num" data-amount data-label={s.amount}>
                    {l.amount > 0 ? '+' : ''}
                    {yuanText(l.amount)}
                  </td>
                  <td className="num" data-running data-label={s.running}>
                    {yuanText(l.balance)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
