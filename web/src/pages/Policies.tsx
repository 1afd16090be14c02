import { useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n';
import { api, type RegionView } from '../lib/api';
import { changesBetween, valueText } from '../lib/policy-view';
import { ArticlePanel } from '../components/ArticlePanel';
import { Select } from '../components/Choice';

type Regions = Awaited<ReturnType<typeof api.regions>>['regions'];

/** 政策: every parameter of a region with its dated values, article and decided reading; two documents side by side. */
export function Policies({ token }: { token: string }) {
  const t = useT();
  const p = t.policies;
  const [regions, setRegions] = useState<Regions | null>(null);
  const [region, setRegion] = useState('cangzhou');
  const [view, setView] = useState<RegionView | null>(null);
  const [scheme, setScheme] = useState('employee');
  const [filter, setFilter] = useState('');
  const [compare, setCompare] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.regions(token).then((r) => setRegions(r.regions), () => setError(t.errors.network));
  }, [token, t]);
  useEffect(() => {
    setView(null);
    api.region(token, region).then(
      (v) => {
        setView(v);
        if (!v.schemes.some((s) => s.scheme === scheme)) setScheme(v.schemes[0]?.scheme ?? 'employee');
      },
      () => setError(t.errors.network),
    );
    // The scheme is kept across regions where the region has it (not a dependency: changing it fetches nothing).
  }, [token, region, t]);

  const parameters = useMemo(() => {
    const all = view?.schemes.find((s) => s.scheme === scheme)?.parameters ?? [];
    const f = filter.trim().toLowerCase();
    return f ? all.filter((x) => x.path.toLowerCase().includes(f) || x.values.some((v) => v.article.includes(f) || (v.note ?? '').toLowerCase().includes(f))) : all;
  }, [view, scheme, filter]);
  const docs = view?.documents ?? [];
  const changes = compare && docs.length >= 2 ? changesBetween(parameters, docs[0]!.id, docs[docs.length - 1]!.id) : null;
  const regionOptions = Object.fromEntries((regions ?? []).map((r) => [r.region, t.regions[r.region as keyof typeof t.regions] ?? r.name])) as Record<string, string>;
  const schemeOptions = Object.fromEntries((view?.schemes ?? []).map((s) => [s.scheme, t.schemes[s.scheme as keyof typeof t.schemes] ?? s.scheme])) as Record<string, string>;
  const open = (doc: string, article: string) => setOpened(`${doc} ${article}`);

  return (
    <div className="policies">
      <section className="card">
        <h2>{p.title}</h2>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="grid">
          <label>
            {p.region}
            <Select label={p.region} value={region} options={regionOptions} onChange={setRegion} />
          </label>
          <label>
            {t.calculator.scheme}
            <Select label={t.calculator.scheme} value={scheme} options={schemeOptions} onChange={setScheme} />
          </label>
          <label>
            {p.filter}
            <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="inpatient.deductible / 第六十六条" />
          </label>
          {docs.length >= 2 && (
            <label className="check">
              <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} />
              {p.compare}
            </label>
          )}
        </div>
        <ul className="documents">
          {docs.map((d) => (
            <li key={d.id}>
              <strong>{d.id}</strong> {d.title}（{d.from} – {d.until ?? p.inForce}）
            </li>
          ))}
        </ul>
      </section>

      <div className={opened ? 'steps-with-article' : undefined}>
        <section className="card" aria-busy={!view}>
          {!view && <p className="note">{p.loading}</p>}
          {view && changes && (
            <>
              <h3>
                {p.changed}（{changes.changed.length}；{p.same} {changes.same}）
              </h3>
              <table className="parameters">
                <thead>
                  <tr>
                    <th scope="col">{p.parameter}</th>
                    <th scope="col">
                      {p.before}：{docs[0]!.id}
                    </th>
                    <th scope="col">
                      {p.after}：{docs[docs.length - 1]!.id}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {changes.changed.map((c) => (
                    <tr key={c.path}>
                      <th scope="row">
                        <code>{c.path}</code>
                      </th>
                      {[c.before, c.after].map((v, i) => (
                        <td key={i}>
                          <button type="button" className="source" onClick={() => open(v.doc, v.article)}>
                            {v.article}
                          </button>
                          <pre>{valueText(v.value)}</pre>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {changes.onlyB.length > 0 && (
                <p>
                  {p.only} {docs[docs.length - 1]!.id}：<code>{changes.onlyB.join('、')}</code>
                </p>
              )}
            </>
          )}
          {view && !changes && (
            <table className="parameters">
              <thead>
                <tr>
                  <th scope="col">{p.parameter}</th>
                  <th scope="col">{p.period}</th>
                  <th scope="col">{p.source}</th>
                  <th scope="col">{p.value}</th>
                </tr>
              </thead>
              <tbody>
                {parameters.flatMap((x) =>
                  x.values.map((v, i) => (
                    <tr key={`${x.path}-${i}`} data-parameter={x.path}>
                      {i === 0 && (
                        <th scope="row" rowSpan={x.values.length}>
                          <code>{x.path}</code>
                        </th>
                      )}
                      <td className="period">
                        {v.from} – {v.until ?? p.inForce}
                      </td>
                      <td>
                        <button type="button" className="source" onClick={() => open(v.doc, v.article)}>
                          {v.doc} {v.article}
                        </button>
                      </td>
                      <td>
                        <pre>{valueText(v.value)}</pre>
                        {v.note && (
                          <details>
                            <summary>{p.note}</summary>
                            <p>{v.note}</p>
                          </details>
                        )}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
        </section>
        {opened && <ArticlePanel token={token} source={opened} close={() => setOpened(null)} />}
      </div>
    </div>
  );
}
