import { useEffect, useState } from 'react';
import { I18n, MESSAGES, useT, type Language } from './i18n';
import { api, ServiceError } from './lib/api';
import { pageName } from './lib/routes';
import { Calculator } from './pages/Calculator';
import { Policies } from './pages/Policies';
import { Members } from './pages/Members';
import { Settlements } from './pages/Settlements';
import { Fund } from './pages/Fund';
import { Simulation } from './pages/Simulation';
import { PAGES, pagesFor, roleOf, type Page } from './lib/roles';
import { SignIn } from './pages/SignIn';

const TOKEN_KEY = 'yibao.token';
const pageOf = (hash: string): Page => ((PAGES as readonly string[]).includes(pageName(hash)) ? (pageName(hash) as Page) : 'calculator');

export function App() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('yibao.language') === 'en' ? 'en' : 'zh-CN'));
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [role, setRole] = useState<string | null>(null);
  const [page, setPage] = useState<Page>(() => pageOf(location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const t = MESSAGES[language];

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t.appTitle;
    localStorage.setItem('yibao.language', language);
  }, [language, t]);

  useEffect(() => {
    if (!token) return;
    api
      .whoami(token)
      .then((w) => setRole(w.role))
      .catch((e: unknown) => {
        if (e instanceof ServiceError && e.error.status === 401) signOut();
      });
  }, [token]);

  function signIn(newToken: string, newRole: string) {
    sessionStorage.setItem(TOKEN_KEY, newToken);
    setToken(newToken);
    setRole(newRole);
  }
  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setRole(null);
  }

  return (
    <I18n.Provider value={t}>
      <header className="top">
        <h1>{t.appTitle}</h1>
        <nav aria-label="main">
          {token &&
            pagesFor(roleOf(role)).map((p) => (
              <a key={p} href={`#${p}`} aria-current={p === page ? 'page' : undefined}>
                {t.nav[p]}
              </a>
            ))}
        </nav>
        <div className="top-right">
          <button type="button" className="link" onClick={() => setLanguage(language === 'zh-CN' ? 'en' : 'zh-CN')}>
            {language === 'zh-CN' ? 'English' : '中文'}
          </button>
          {token && (
            <>
              <span className="role">
                {t.role}：{role ?? '…'}
              </span>
              <button type="button" onClick={signOut}>
                {t.signOut}
              </button>
            </>
          )}
        </div>
      </header>
      <main>{!token ? <SignIn onSignIn={signIn} /> : <PageOf page={page} token={token} role={role} />}</main>
    </I18n.Provider>
  );
}

function PageOf({ page, token, role }: { page: Page; token: string; role: string | null }) {
  const t = useT();
  // A page the role may not open (an address typed or kept from another sign-in): said, not shown.
  if (role !== null && !pagesFor(roleOf(role)).includes(page)) {
    return (
      <p className="error" role="alert">
        {t.errors.pageForbidden}（{t.nav[page]}）
      </p>
    );
  }
  switch (page) {
    case 'policies':
      return <Policies token={token} />;
    case 'member':
      return <Members token={token} role={roleOf(role)} />;
    case 'settlements':
      return <Settlements token={token} role={roleOf(role)} />;
    case 'fund':
      return <Fund token={token} />;
    case 'simulation':
      return <Simulation token={token} />;
    default:
      return <Calculator token={token} />;
  }
}
