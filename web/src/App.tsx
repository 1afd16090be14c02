import { useEffect, useState } from 'react';
import { I18n, MESSAGES, type Language } from './i18n';
import { api, ServiceError } from './lib/api';
import { Calculator } from './pages/Calculator';
import { SignIn } from './pages/SignIn';

const TOKEN_KEY = 'yibao.token';

export function App() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('yibao.language') === 'en' ? 'en' : 'zh-CN'));
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [role, setRole] = useState<string | null>(null);
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
        <nav aria-label="main">{token && <a aria-current="page" href="#calculator">{t.nav.calculator}</a>}</nav>
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
      <main>{token ? <Calculator token={token} /> : <SignIn onSignIn={signIn} />}</main>
    </I18n.Provider>
  );
}
