import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n';
import { api, ServiceError, type ClaimResult } from '../lib/api';
import { initialForm, requestOf, type ClaimForm } from '../lib/claim-form';
import { ArticlePanel } from '../components/ArticlePanel';
import { StepList } from '../components/StepList';
import { ClaimEditor } from '../components/ClaimEditor';
import { ResultFields } from '../components/ResultFields';

/** ECharts loads with the first result, not with the page. */
const ShareBar = lazy(() => import('../components/ShareBar').then((m) => ({ default: m.ShareBar })));

/** 结算试算: a claim settled by the service's preview as one types, with the law beside each step. */
export function Calculator({ token }: { token: string }) {
  const t = useT();
  const c = t.calculator;
  const [form, setForm] = useState<ClaimForm>(initialForm);
  const [result, setResult] = useState<ClaimResult | null>(null);
  const [serviceError, setServiceError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const built = useMemo(() => requestOf(form, t), [form, t]);
  const errors = 'errors' in built ? built.errors : {};

  // Settles 300 ms after the last keystroke; a newer request cancels the older one.
  useEffect(() => {
    if (!('request' in built)) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      api
        .previewSettle(token, built.request, abort.signal)
        .then((r) => {
          setResult(r.results[0] ?? null);
          setServiceError(null);
        })
        .catch((e: unknown) => {
          if (abort.signal.aborted) return;
          setResult(null);
          setServiceError(e instanceof ServiceError ? (e.error.status === 0 ? t.errors.network : `${e.error.message}${e.error.path ? `（${e.error.path}）` : ''}`) : String(e));
        })
        .finally(() => !abort.signal.aborted && setBusy(false));
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [built, token, t]);

  return (
    <div className="calculator">
      <form className="card claim-form" onSubmit={(e) => e.preventDefault()} aria-label={c.title}>
        <h2>{c.title}</h2>
        <ClaimEditor form={form} setForm={setForm} errors={errors} withPerson />
      </form>

      <section className="card result" aria-live="polite" aria-busy={busy}>
        <div className="result-head">
          <h2>{c.result}</h2>
          {busy && <span className="note">{c.settling}</span>}
          {result && (
            <button type="button" onClick={() => window.print()}>
              {c.print}
            </button>
          )}
        </div>
        {serviceError && (
          <p role="alert" className="error">
            {serviceError}
          </p>
        )}
        {!result && !serviceError && <p className="note">{c.noResult}</p>}
        {result && (
          <>
            <Suspense fallback={<div className="share-bar" />}>
              <ShareBar result={result} />
            </Suspense>
            <ResultFields result={result} />
            <h3>{c.steps}</h3>
            <div className={opened ? 'steps-with-article' : undefined}>
              <StepList steps={result.steps} open={setOpened} opened={opened} />
              {opened && <ArticlePanel token={token} source={opened} close={() => setOpened(null)} />}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
