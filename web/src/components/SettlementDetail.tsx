import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { api, type Settlement } from '../lib/api';
import { messageOf } from '../lib/errors';
import { dateTimeText, yuanText } from '../lib/format';
import { BOOKS_TIME_ZONE } from '../lib/fund-view';
import { mayReverse, type Role } from '../lib/roles';
import { ResultFields } from './ResultFields';
import { ResultSteps } from './ResultSteps';
import { ReversalDialog, type ReversalEffect } from './ReversalDialog';
import { TotalsTable } from './TotalsTable';

/** 结算详情: the settlement's amounts, its steps with their articles, the year's totals after it; 冲正 for admin and agency. */
export function SettlementDetail({ token, role, id, back, changed }: { token: string; role: Role | null; id: string; back: () => void; changed: () => void }) {
  const t = useT();
  const s = t.settlements;
  const [settlement, setSettlement] = useState<Settlement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [effect, setEffect] = useState<ReversalEffect | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    api.settlement(token, id).then(
      (x) => live && setSettlement(x),
      (e: unknown) => live && setError(messageOf(e, t)),
    );
    return () => {
      live = false;
    };
  }, [token, id, version, t]);

  const x = settlement;
  return (
    <section className="card settlement-detail" aria-labelledby="detail-title">
      {/* 结算单: what a printed statement shows above the facts (print only). */}
      <h1 className="print-only statement-title">{s.statementTitle}</h1>
      <button type="button" className="link" onClick={back}>
        ← {s.back}
      </button>
      <h2 id="detail-title">
        {s.detailTitle} {x && <code>{x.id}</code>}
      </h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!x && !error && <p className="note">{s.loading}</p>}
      {x && (
        <>
          <dl className="facts">
            <dt>{s.claim}</dt>
            <dd>{x.result.claimId}</dd>
            <dt>{s.memberId}</dt>
            <dd>
              <code>{x.memberId}</code>
            </dd>
            <dt>{s.year}</dt>
            <dd>{x.year}</dd>
            <dt>{s.institution}</dt>
            <dd>{x.institution ?? '—'}</dd>
            <dt>{s.channel}</dt>
            <dd>{t.channels[x.channel as keyof typeof t.channels] ?? x.channel}</dd>
            <dt>{s.status}</dt>
            <dd data-status={x.status}>{t.settlementStatuses[x.status as keyof typeof t.settlementStatuses] ?? x.status}</dd>
            <dt>{s.createdAt}</dt>
            <dd>{dateTimeText(x.createdAt, BOOKS_TIME_ZONE)}</dd>
            {x.reversedAt && (
              <>
                <dt>{s.reversedAt}</dt>
                <dd>{dateTimeText(x.reversedAt, BOOKS_TIME_ZONE)}</dd>
              </>
            )}
          </dl>
          <div className="actions">
            <button type="button" onClick={() => window.print()}>
              {s.printStatement}
            </button>
            {mayReverse(role) && x.status === 'settled' && (
              <button type="button" className="danger" onClick={() => setAsking(true)}>
                {s.reverse}
              </button>
            )}
          </div>
          <p className="print-only note">{s.statementNote}</p>
          {effect && (
            <div className="effect" aria-live="polite">
              <p className="ok" role="status">
                {s.reversedNote}
              </p>
              <TotalsTable totals={effect.after} before={effect.before} caption={s.effect} />
              <p>
                {s.balance}：{yuanText(effect.accountBalance)} 元
              </p>
            </div>
          )}
          <div className="detail-grid">
            <div>
              <ResultFields result={x.result} />
              {!effect && <TotalsTable totals={x.accumulators} caption={s.newTotals} />}
            </div>
            <div>
              <ResultSteps token={token} steps={x.result.steps} />
            </div>
          </div>
        </>
      )}
      {asking && x && (
        <ReversalDialog
          token={token}
          id={x.id}
          memberId={x.memberId}
          year={x.year}
          close={() => setAsking(false)}
          done={(e) => {
            setAsking(false);
            setEffect(e);
            setVersion((v) => v + 1);
            changed();
          }}
        />
      )}
    </section>
  );
}
