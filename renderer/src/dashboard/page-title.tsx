import { createContext, useContext, useEffect } from 'react';

const SiteNameContext = createContext('');

/** The site's own name (a country's tracker), which ends every page's title. */
export const SiteNameProvider = SiteNameContext.Provider;

/**
 * Titles the browser's tab, its history and a shared link with what the page shows, then the
 * site: "Compromiso 3 · Padrón abierto — Gobierno Abierto Ecuador". Until the page knows what it
 * shows (still loading), the site's name alone.
 */
export function usePageTitle(page: string | undefined): void {
  const site = useContext(SiteNameContext);
  useEffect(() => {
    document.title = page ? `${page} — ${site}` : site;
  }, [page, site]);
}
