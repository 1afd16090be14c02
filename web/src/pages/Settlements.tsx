import { useState } from 'react';
import { useT } from '../i18n';
import { maySettle, type Role } from '../lib/roles';
import { SettlePanel } from '../components/SettlePanel';
import { SettlementDetail } from '../components/SettlementDetail';
import { SettlementList } from '../components/SettlementList';

/** 结算: settle a member's claim (预结算, then 确认结算), the settlements on record, one in detail, 冲正. */
export function Settlements({ token, role }: { token: string; role: Role | null }) {
  const t = useT();
  const [opened, setOpened] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  if (opened) return <SettlementDetail token={token} role={role} id={opened} back={() => setOpened(null)} changed={changed} />;
  return (
    <div className="settlements">
      {maySettle(role) ? <SettlePanel token={token} role={role} open={setOpened} settledOne={changed} /> : role && <p className="note">{t.settlements.readOnly}</p>}
      <SettlementList token={token} open={setOpened} version={version} />
    </div>
  );
}
