import { type FormEvent, useEffect, useState } from 'react';
import { AdminApiError, adminCall } from './api';
import { BackupsSection } from './backups-section';
import { InvitationPage } from './invitation';
import { type AdminMessages, en, es } from './messages';
import { OrganisationsSection } from './organisations-section';
import { Submit } from './parts';
import { PeopleSection } from './people-section';
import { PlansSection } from './plans-section';
import { SiteSection } from './site-section';

type Lang = 'es' | 'en';
const SECTIONS = ['site', 'plans', 'organisations', 'people', 'backups'] as const;
type Section = (typeof SECTIONS)[number];

const sectionOf = (hash: string): Section =>
  (SECTIONS as readonly string[]).includes(hash.slice(1)) ? (hash.slice(1) as Section) : 'site';

/** The admin page: sign-in, then one section at a time; or, at /admin/invitation, the invited person's page. */
export function AdminApp() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('tablero.lang') === 'en' ? 'en' : 'es'));
  const t = lang === 'en' ? en : es;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.title;
    localStorage.setItem('tablero.lang', lang);
  }, [lang, t]);
  const invitation = window.location.pathname.startsWith('/admin/invitation');
  return (
    <>
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <header className="top">
        <p className="brand">{t.title}</p>
        <fieldset className="lang">
          <legend className="visually-hidden">{t.language}</legend>
          {(['es', 'en'] as const).map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => setLang(l)}>
              {l === 'es' ? 'Español' : 'English'}
            </button>
          ))}
        </fieldset>
      </header>
      {invitation ? <InvitationPage t={t} /> : <Administration t={t} />}
    </>
  );
}

function Administration({ t }: { t: AdminMessages }) {
  const [me, setMe] = useState<{ name: string } | null>();
  const [refusal, setRefusal] = useState<string>();
  const [section, setSection] = useState<Section>(() => sectionOf(window.location.hash));
  useEffect(() => {
    const follow = () => setSection(sectionOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    adminCall<{ name: string }>('GET', 'me').then(setMe, (error: unknown) => {
      if (error instanceof AdminApiError && error.status === 403) setRefusal(t.notAdmin);
      setMe(null);
    });
  }, [t]);
  const date = (iso: string) =>
    new Intl.DateTimeFormat(t.lang === 'es' ? 'es-MX' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  if (me === undefined) return <main id="main" />;
  if (me === null) return <SignIn t={t} refusal={refusal} onSignedIn={setMe} />;
  const signOut = async () => {
    await fetch('/db/_session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
    setMe(null);
  };
  return (
    <>
      <nav aria-label={t.title} className="sections">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#${s}`} aria-current={s === section ? 'page' : undefined}>
                {t.sections[s]}
              </a>
            </li>
          ))}
        </ul>
        <p className="who">
          {t.signedInAs(me.name)}{' '}
          <button type="button" onClick={() => void signOut()}>
            {t.signOut}
          </button>
        </p>
      </nav>
      <main id="main">
        <h1>{t.sections[section]}</h1>
        {section === 'site' && <SiteSection t={t} date={date} />}
        {section === 'plans' && <PlansSection t={t} />}
        {section === 'organisations' && <OrganisationsSection t={t} />}
        {section === 'people' && <PeopleSection t={t} date={date} />}
        {section === 'backups' && <BackupsSection t={t} />}
      </main>
    </>
  );
}

function SignIn({
  t,
  refusal,
  onSignedIn,
}: {
  t: AdminMessages;
  refusal?: string;
  onSignedIn: (me: { name: string }) => void;
}) {
  const [problem, setProblem] = useState(refusal);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(undefined);
    const reply = await fetch('/db/_session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: form.get('name'), password: form.get('password') }),
    }).catch(() => null);
    if (!reply) return setProblem(t.unreachable);
    if (!reply.ok) return setProblem(t.wrongCredentials);
    try {
      onSignedIn(await adminCall<{ name: string }>('GET', 'me'));
    } catch {
      setProblem(t.notAdmin);
    }
  };
  return (
    <main id="main" className="narrow">
      <h1>{t.signInTitle}</h1>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t.user}
          <input name="name" required autoComplete="username" />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" required autoComplete="current-password" />
        </label>
        <Submit label={t.signIn} />
      </form>
      {problem && (
        <p className="refusal" role="alert">
          {problem}
        </p>
      )}
    </main>
  );
}
