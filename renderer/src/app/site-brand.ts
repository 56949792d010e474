import { useCallback, useEffect, useState } from 'react';
import type { SiteResponse } from '../../../shared/src/api-types';

/** The site's name and logo as the app shows them: a country's tracker, not Tablero's. */
export interface SiteBrand {
  name: string | null;
  logoUrl: string | null;
}

const NAME_KEY = 'tablero.siteName';
const LOGO_KEY = 'tablero.siteLogo';

/** What the site's server said last, so the sign-in screen and the window carry the site's name offline too. */
export function rememberedBrand(): SiteBrand {
  return { name: localStorage.getItem(NAME_KEY), logoUrl: localStorage.getItem(LOGO_KEY) };
}

/** The brand in a site's answer; its logo's address made absolute, since the desktop app's page is not the server's. */
export function brandOf(site: Partial<SiteResponse>, server: string): SiteBrand {
  const logoUrl = site.logoUrl ? new URL(site.logoUrl, `${server}/`).href : null;
  return { name: site.name ?? null, logoUrl };
}

export function rememberBrand(brand: SiteBrand): void {
  for (const [key, value] of [
    [NAME_KEY, brand.name],
    [LOGO_KEY, brand.logoUrl],
  ] as const) {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  }
}

/**
 * The site's brand, asked of the server the app talks to (before anyone signs in, so its sign-in
 * screen is the site's), else remembered from the last answer.
 */
export function useSiteBrand(server: () => Promise<string>): [SiteBrand, (brand: SiteBrand) => void] {
  const [brand, setBrand] = useState(rememberedBrand);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const origin = (await server()).replace(/\/+$/, '');
      if (!origin) return;
      const site = await fetch(`${origin}/api/site`)
        .then((r) => (r.ok ? (r.json() as Promise<Partial<SiteResponse>>) : null))
        .catch(() => null);
      if (!site || cancelled) return;
      const next = brandOf(site, origin);
      rememberBrand(next);
      setBrand(next);
    })();
    return () => {
      cancelled = true;
    };
  }, [server]);
  const update = useCallback((next: SiteBrand) => {
    rememberBrand(next);
    setBrand(next);
  }, []);
  return [brand, update];
}
