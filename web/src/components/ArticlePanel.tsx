import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { api, type CitedArticle } from '../lib/api';

/** The articles a step cites, in the regulation's own words, beside the amounts. */
export function ArticlePanel({ token, source, close }: { token: string; source: string; close: () => void }) {
  const t = useT();
  const [articles, setArticles] = useState<CitedArticle[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setArticles(null);
    setFailed(false);
    api
      .articles(token, source)
      .then((r) => live && setArticles(r.articles))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [token, source]);
  return (
    <aside className="card article" aria-label={t.calculator.article} aria-live="polite">
      <div className="article-head">
        <h3>{source}</h3>
        <button type="button" onClick={close}>
          {t.calculator.close}
        </button>
      </div>
      {failed && <p className="error">{t.errors.network}</p>}
      {!articles && !failed && <p>…</p>}
      {articles?.map((a) => (
        <section key={a.doc + a.label}>
          <h4>
            {a.doc} {a.label}
          </h4>
          <p className="article-text">{a.text}</p>
        </section>
      ))}
    </aside>
  );
}
