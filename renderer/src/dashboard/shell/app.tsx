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
import { navigate, parseRoute, type Route, useLocation } from '../router';

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
        <SiteNav page={route.page} />
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
        {plans.data ? (
          <Page route={route} planId={planId} url={url} plans={planList} />
        ) : (
          <Status loading={!plans.error} error={plans.error} />
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

/** The site's sections; the current one marked for screen readers. */
function SiteNav({ page }: { page: Route['page'] }) {
  const { t } = useI18n();
  const sections: [string, Route['page'], string][] = [
    ['/', 'overview', t.overview],
    ['/activity', 'activity', t.activity],
    ['/evaluation', 'evaluation', t.evaluation],
    ['/data', 'data', t.openData],
  ];
  return (
    <nav aria-label={t.siteTitle}>
      <ul>
        {sections.map(([to, section, label]) => (
          <li key={to}>
            <Link to={to} aria-current={page === section ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The page the address asks for. */
function Page({
  route,
  planId,
  url,
  plans,
}: {
  route: Route;
  planId: string;
  url: URL;
  plans: PlansResponse['plans'];
}) {
  switch (route.page) {
    case 'overview':
      return planId ? <Overview planId={planId} url={url} /> : <Status loading={false} error={null} notFound />;
    case 'commitment':
      return <CommitmentPage id={route.id} />;
    case 'organization':
      return <OrganizationPage id={route.id} />;
    case 'activity':
      return <ActivityPage planId={planId} />;
    case 'evaluation':
      return <EvaluationPage planId={planId} />;
    case 'data':
      return <OpenDataPage plans={plans} />;
    default:
      return <Status loading={false} error={null} notFound />;
  }
}
