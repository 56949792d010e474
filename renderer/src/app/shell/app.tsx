import { lazy, Suspense, useEffect, useState } from 'react';
import type { SiteResponse } from '../../../../shared/src/api-types';
import { platform } from '../../platform/bridge';
import { useHashRoute, useSyncStatus } from '../hooks';
import { mailSettingsText } from '../mail-settings-messages';
import { en, es } from '../messages';
import { questionText } from '../question-messages';
import { rememberReminderDays } from '../reminder-days';
import { CommitmentScreen, KeyActionScreen, PlanScreen, PlansScreen } from '../screens/browse';
import { Inbox } from '../screens/inbox';
import { MailSettingsScreen } from '../screens/mail-settings';
import { QuestionsScreen } from '../screens/questions';
import { ReportEditor } from '../screens/report-editor';
import { ReviewLink } from '../screens/review-link';
import { SyncIndicator } from '../screens/sync-indicator';
import { type Identity, savedIdentity, signIn, signOut } from '../session';
import { brandOf, type SiteBrand, useSiteBrand } from '../site-brand';
import type { Workspace } from '../workspace';

// Loaded when needed: the local database once someone is signed in, and the committee's and the
// conflicts' screens when they are shown, so the first screen comes up on less JavaScript.
const ReviewScreen = lazy(() => import('../screens/review').then((m) => ({ default: m.ReviewScreen })));
const IssuesPanel = lazy(() => import('../screens/issues').then((m) => ({ default: m.IssuesPanel })));

type Lang = 'es' | 'en';

/** The server the app talks to before anyone signs in: the page's own, or the desktop's setting. */
const platformServer = () => platform().serverUrl();

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('tablero.lang') === 'en' ? 'en' : 'es'));
  const t = lang === 'en' ? en : es;
  const [identity, setIdentity] = useState<Identity | null>(savedIdentity);
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  // Set when this device's database for the account records another account: it stays closed.
  const [othersData, setOthersData] = useState(false);
  // The site's own name and logo (a country's tracker), as its server gave them last; the name titles the window too.
  const [brand, setBrand] = useSiteBrand(platformServer);
  const siteName = brand.name;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = siteName ? `${t.appTitle} · ${siteName}` : t.appTitle;
    localStorage.setItem('tablero.lang', lang);
    void platform().setLanguage(lang);
  }, [lang, t, siteName]);

  useEffect(() => {
    if (!identity) return;
    let opened: Workspace | null = null;
    let cancelled = false;
    (async () => {
      // The database name comes from the server when it is reachable, else from the last time.
      const site = await fetch(`${identity.server}/api/site`)
        .then((r) => r.json() as Promise<Partial<SiteResponse>>)
        .catch(() => null);
      if (site) setBrand(brandOf(site, identity.server));
      if (site) rememberReminderDays(site);
      const name = site?.workspaceDb ?? localStorage.getItem('tablero.workspaceDb');
      const { Workspace, setWorkspaceDb, OtherAccountsDatabase } = await import('../workspace');
      if (name) {
        localStorage.setItem('tablero.workspaceDb', name);
        setWorkspaceDb(name);
      }
      try {
        opened = await Workspace.open(identity);
      } catch (error) {
        if (!(error instanceof OtherAccountsDatabase)) throw error;
        if (!cancelled) setOthersData(true);
        return;
      }
      if (cancelled) await opened.stop();
      else setWorkspace(opened);
    })();
    return () => {
      cancelled = true;
      void opened?.stop();
      setWorkspace(null);
      setOthersData(false);
    };
  }, [identity, setBrand]);

  return (
    <>
      <a className="skip-link" href="#main">
        {lang === 'es' ? 'Saltar al contenido' : 'Skip to content'}
      </a>
      <header className="site-header">
        <div className="brand">
          {identity && brand.logoUrl && <img src={brand.logoUrl} alt="" className="logo" />}
          {t.appTitle}
          {siteName && <span className="site-name"> · {siteName}</span>}
        </div>
        {workspace && <Status workspace={workspace} t={t} lang={lang} />}
        <div className="switchers">
          <fieldset className="lang">
            <legend className="visually-hidden">{t.language}</legend>
            {(['es', 'en'] as const).map((l) => (
              <button key={l} type="button" aria-pressed={l === lang} lang={l} onClick={() => setLang(l)}>
                {l === 'es' ? 'Español' : 'English'}
              </button>
            ))}
          </fieldset>
          {workspace && <SignOut workspace={workspace} t={t} onDone={() => setIdentity(null)} />}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!identity ? (
          <SignIn t={t} brand={brand} onSignedIn={setIdentity} />
        ) : othersData ? (
          <OthersData identity={identity} t={t} onDone={() => setIdentity(null)} />
        ) : !workspace ? (
          <p>{t.loading}</p>
        ) : (
          <Suspense fallback={<p>{t.loading}</p>}>
            <Screens workspace={workspace} t={t} />
          </Suspense>
        )}
      </main>
      <OfflineReady t={t} />
    </>
  );
}

/**
 * Says, once the service worker has stored the app, that it will open with no connection; the
 * desktop app carries it in its package, so it is ready from the start.
 */
function OfflineReady({ t }: { t: typeof es }) {
  const [ready, setReady] = useState(platform().kind === 'desktop');
  useEffect(() => {
    if (platform().kind === 'desktop') return;
    if (!('serviceWorker' in navigator) || !window.location.protocol.startsWith('http')) return;
    let cancelled = false;
    void navigator.serviceWorker.ready.then(() => {
      if (!cancelled) setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return ready ? (
    <footer className="app-footer">
      <p className="muted" data-testid="offline-ready">
        {t.offlineReady}
      </p>
    </footer>
  ) : null;
}

function Status({ workspace, t, lang }: { workspace: Workspace; t: typeof es; lang: string }) {
  const status = useSyncStatus(workspace);
  return <SyncIndicator status={status} t={t} lang={lang} />;
}

function Screens({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const [screen, id, extra] = useHashRoute();
  const [mineOnly, setMineOnly] = useState(!workspace.identity.roles.includes('committee'));
  return (
    <>
      <IssuesPanel workspace={workspace} t={t} />
      <nav aria-label={t.plans} className="app-nav">
        <a href="#/">{t.plans}</a>
        {workspace.identity.roles.includes('committee') && <ReviewLink workspace={workspace} t={t} />}
        <a href="#/questions">{questionText(t).questions}</a>
        <a href="#/mail">{mailSettingsText(t).mailSettings}</a>
      </nav>
      {screen === 'review' ? (
        <ReviewScreen key={id ?? ''} workspace={workspace} t={t} reportId={id} />
      ) : screen === 'questions' ? (
        <QuestionsScreen workspace={workspace} t={t} />
      ) : screen === 'mail' ? (
        <MailSettingsScreen workspace={workspace} t={t} />
      ) : screen === 'plan' && id ? (
        <PlanScreen workspace={workspace} t={t} planId={id} mineOnly={mineOnly} setMineOnly={setMineOnly} />
      ) : screen === 'commitment' && id ? (
        <CommitmentScreen workspace={workspace} t={t} id={id} />
      ) : screen === 'keyAction' && id ? (
        <KeyActionScreen workspace={workspace} t={t} id={id} />
      ) : screen === 'new' && id ? (
        <ReportEditor key={`new-${id}`} workspace={workspace} t={t} keyActionId={id} />
      ) : screen === 'correct' && id ? (
        <ReportEditor key={`correct-${id}`} workspace={workspace} t={t} correctsId={id} />
      ) : screen === 'report' && id ? (
        <ReportEditor
          key={`edit-${id}${extra ?? ''}`}
          workspace={workspace}
          t={t}
          reportId={id}
          justSaved={extra === 'saved'}
        />
      ) : (
        <>
          <Inbox workspace={workspace} t={t} />
          <PlansScreen workspace={workspace} t={t} />
        </>
      )}
    </>
  );
}

function SignIn({
  t,
  brand,
  onSignedIn,
}: {
  t: typeof es;
  brand: SiteBrand;
  onSignedIn: (identity: Identity) => void;
}) {
  const [server, setServer] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const desktop = platform().kind === 'desktop';
  useEffect(() => {
    void platform()
      .serverUrl()
      .then((url) => setServer(url));
  }, []);
  const submit = async () => {
    if (desktop) await platform().setServerUrl(server);
    const result = await signIn(server.replace(/\/+$/, ''), name.trim(), password);
    if (result.ok) onSignedIn(result.identity);
    else setError(t.signInFailed[result.reason]);
  };
  return (
    <form
      className="form signin"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {brand.name && (
        <p className="signin-site wide" data-testid="signin-site">
          {brand.logoUrl && <img src={brand.logoUrl} alt="" />}
          <span>{brand.name}</span>
        </p>
      )}
      <h1>{t.signIn}</h1>
      {desktop && (
        <label className="wide">
          {t.server}
          <input name="server" type="url" required value={server} onChange={(e) => setServer(e.target.value)} />
        </label>
      )}
      <label className="wide">
        {t.user}
        <input name="user" autoComplete="username" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="wide">
        {t.password}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p className="sync-error wide" role="alert">
          {error}
        </p>
      )}
      <div className="actions wide">
        <button type="submit" className="primary">
          {t.signIn}
        </button>
      </div>
    </form>
  );
}

/** In place of the screens when the device's database is another account's: only a way out. */
function OthersData({ identity, t, onDone }: { identity: Identity; t: typeof es; onDone: () => void }) {
  return (
    <section aria-labelledby="others-data">
      <h1 id="others-data">{t.otherAccountsTitle}</h1>
      <p className="sync-error" role="alert">
        {t.otherAccountsData}
      </p>
      <button type="button" onClick={() => signOut(identity).then(onDone)}>
        {t.signOut}
      </button>
    </section>
  );
}

function SignOut({ workspace, t, onDone }: { workspace: Workspace; t: typeof es; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const status = useSyncStatus(workspace);
  const finish = async (wipe: boolean) => {
    if (wipe) await workspace.wipe();
    else await workspace.stop();
    await signOut(workspace.identity);
    onDone();
  };
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t.signOut}
      </button>
    );
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="signout-title" className="dialog">
      <p id="signout-title">{t.signOutQuestion}</p>
      {status.pending > 0 && (
        <p className="sync-error" role="alert">
          {t.unsyncedWarning(status.pending)}
        </p>
      )}
      <button type="button" onClick={() => finish(false)}>
        {t.keepData}
      </button>
      <button type="button" onClick={() => finish(true)}>
        {t.wipeData}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t.cancel}
      </button>
    </div>
  );
}
