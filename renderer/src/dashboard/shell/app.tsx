import { useEffect } from 'react';
import { I18nProvider, useI18n } from '../../i18n/i18n';
import { LANGS, type Lang } from '../../i18n/messages';
import { DataVersion, type PlansResponse, type SiteResponse, useApi, useLiveDataVersion } from '../api';
import { Status } from '../components/bits';
import { Link } from '../components/link';
import { SiteNameProvider } from '../page-title';
import { ActivityPage } from '../pages/activity';
import { CommitmentPage } from '../pages/commitment';
import { EvaluationPage } from '../pages/evaluation';
import { OpenDataPage } from '../pages/open-data';
import { OrganizationPage } from '../pages/organization';
import { Overview } from '../pages/overview';
import { navigate, parseRoute, useLocation } from '../router';

/** The language asked for in the address, else the one the person chose before, else the site's. */
function chosenLang(url: URL, siteLanguage: Lang | undefined): Lang {
  const asked = url.searchParams.get('lang') ?? localStorage.getItem('tablero.lang');
  return LANGS.includes(asked as Lang) ? (asked as Lang) : (siteLanguage ?? 'es');
}

export function App() {
  const url = useLocation();
  const site = useApi<SiteResponse>('/site');
  const lang = chosenLang(url, site.data?.language);
  const version = useLiveDataVersion();
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <DataVersion.Provider value={version}>
      <I18nProvider lang={lang}>
        <Shell url={url} site={site.data} />
      </I18nProvider>
    </DataVersion.Provider>
  );
}

function Shell({ url, site }: { url: URL; site: SiteResponse | undefined }) {
  const { t, lang, title } = useI18n();
  const plans = useApi<PlansResponse>('/plans');
  const route = parseRoute(url.pathname);
  const planList = plans.data?.plans ?? [];
  const planId = url.searchParams.get('plan') ?? planList[0]?.id ?? '';
  const siteName = site?.name ?? t.siteTitle;

  const setParam = (key: string, value: string) => {
    const next = new URL(url);
    next.searchParams.set(key, value);
    if (key === 'lang') localStorage.setItem('tablero.lang', value);
    navigate(next.pathname + next.search, { replace: key === 'lang' });
  };

  return (
    <SiteNameProvider value={siteName}>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="site-header">
        <div className="brand">
          {site?.logoUrl && <img src={site.logoUrl} alt="" className="logo" />}
          <Link to="/">{siteName}</Link>
        </div>
        <nav aria-label={t.siteTitle}>
          <ul>
            <li>
              <Link to="/" aria-current={route.page === 'overview' ? 'page' : undefined}>
                {t.overview}
              </Link>
            </li>
            <li>
              <Link to="/activity" aria-current={route.page === 'activity' ? 'page' : undefined}>
                {t.activity}
              </Link>
            </li>
            <li>
              <Link to="/evaluation" aria-current={route.page === 'evaluation' ? 'page' : undefined}>
                {t.evaluation}
              </Link>
            </li>
            <li>
              <Link to="/data" aria-current={route.page === 'data' ? 'page' : undefined}>
                {t.openData}
              </Link>
            </li>
          </ul>
        </nav>
        <div className="switchers">
          {/* The plan chooses what the overview, activity and evaluation show; a commitment or an
              organisation page names its own plan instead. */}
          {planList.length > 1 &&
            (route.page === 'overview' || route.page === 'activity' || route.page === 'evaluation') && (
              <label>
                {t.plan}
                <select value={planId} onChange={(e) => setParam('plan', e.target.value)}>
                  {planList.map((p) => (
                    <option key={p.id} value={p.id}>
                      {title(p)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          <fieldset className="lang">
            <legend className="visually-hidden">{t.language}</legend>
            {LANGS.map((l) => (
              <button key={l} type="button" aria-pressed={l === lang} onClick={() => setParam('lang', l)} lang={l}>
                {l === 'es' ? 'Español' : 'English'}
              </button>
            ))}
          </fieldset>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {site?.demo && <p className="demo-notice">{t.demoNotice}</p>}
        {!plans.data ? (
          <Status loading={!plans.error} error={plans.error} />
        ) : route.page === 'overview' ? (
          planId ? (
            <Overview planId={planId} url={url} />
          ) : (
            <Status loading={false} error={null} notFound />
          )
        ) : route.page === 'commitment' ? (
          <CommitmentPage id={route.id} />
        ) : route.page === 'organization' ? (
          <OrganizationPage id={route.id} />
        ) : route.page === 'activity' ? (
          <ActivityPage planId={planId} />
        ) : route.page === 'evaluation' ? (
          <EvaluationPage planId={planId} />
        ) : route.page === 'data' ? (
          <OpenDataPage plans={planList} />
        ) : (
          <Status loading={false} error={null} notFound />
        )}
      </main>
      <footer className="site-footer">
        <p>
          <Link to="/data">{t.openData}</Link> · <a href="/api/openapi.json">API</a> · Tablero
        </p>
      </footer>
    </SiteNameProvider>
  );
}
