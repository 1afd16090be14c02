import { useEffect, useState } from 'react';
import { settlementHash, settlementIdOfHash } from '../lib/routes';
import { useT } from '../i18n';
import { maySettle, type Role } from '../lib/roles';
import { SettlePanel } from '../components/SettlePanel';
import { SettlementDetail } from '../components/SettlementDetail';
import { SettlementList } from '../components/SettlementList';

/** 结算: settle a member's claim (预结算, then 确认结算), the settlements on record, one in detail, 冲正. */
export function Settlements({ token, role }: { token: string; role: Role | null }) {
  const t = useT();
  // The detail has its own address (#settlements/<id>): a link, a reload or the back button opens it.
  const [opened, setOpenedState] = useState<string | null>(() => settlementIdOfHash(location.hash));
  useEffect(() => {
    const onHash = () => setOpenedState(settlementIdOfHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const setOpened = (id: string | null) => {
    location.hash = id === null ? '#settlements' : settlementHash(id);
    setOpenedState(id);
  };
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
