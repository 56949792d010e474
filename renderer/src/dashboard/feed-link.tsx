import { useEffect } from 'react';

/** The page's own feed; the site-wide one (/activity.atom, in index.html) stays as it is. */
const SELECTOR = 'link[rel="alternate"][type="application/atom+xml"][data-feed="page"]';

/**
 * The page's Atom feed in the document's head, for feed readers and browsers that discover one.
 * The server writes it into the page it sends for a commitment (api/dashboard.ts); this keeps it
 * right as the visitor moves between pages without a reload, and takes it away on pages with none.
 */
export function useFeedLink(href: string | undefined, title: string | undefined): void {
  useEffect(() => {
    if (!href) return;
    let link = document.head.querySelector<HTMLLinkElement>(SELECTOR);
    if (!link) {
      link = document.createElement('link');
      link.rel = 'alternate';
      link.type = 'application/atom+xml';
      link.dataset.feed = 'page';
      document.head.prepend(link);
    }
    link.href = href;
    if (title) link.title = title;
    return () => link?.remove();
  }, [href, title]);
}
