import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import { api, type YearTotals } from '../lib/api';
import { messageOf } from '../lib/errors';

export interface ReversalEffect {
  before: YearTotals;
  after: YearTotals;
  accountBalance: number;
}

/**
 * 冲正, asked first in a modal <dialog> (Esc or 取消 closes it, focus stays inside). The year's
 * totals are read before the reversal so the page can show what it undid; a 409 (not the member's
 * latest settlement of the year) is shown in the dialog in the service's words.
 */
export function ReversalDialog({ token, id, memberId, year, done, close }: { token: string; id: string; memberId: string; year: number; done: (effect: ReversalEffect) => void; close: () => void }) {
  const t = useT();
  const s = t.settlements;
  const ref = useRef<HTMLDialogElement>(null);
  const [before, setBefore] = useState<YearTotals | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  useEffect(() => {
    api.year(token, memberId, year).then(setBefore, (e: unknown) => setError(messageOf(e, t)));
  }, [token, memberId, year, t]);

  function reverse() {
    if (!before || busy) return;
    setBusy(true);
    setError(null);
    api
      .reverse(token, id)
      .then((r) => done({ before, after: r.accumulators, accountBalance: r.accountBalance }), (e: unknown) => setError(messageOf(e, t)))
      .finally(() => setBusy(false));
  }

  return (
    <dialog
      ref={ref}
      className="card confirm-dialog"
      aria-labelledby="reverse-title"
      aria-describedby="reverse-text"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) close();
      }}
    >
      <h2 id="reverse-title">{s.reverseTitle}</h2>
      <p id="reverse-text">{s.reverseText}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={close} disabled={busy} autoFocus>
          {s.cancel}
        </button>
        <button type="button" className="danger" onClick={reverse} disabled={busy || !before}>
          {busy ? s.reversing : s.reverseConfirm}
        </button>
      </div>
    </dialog>
  );
}
