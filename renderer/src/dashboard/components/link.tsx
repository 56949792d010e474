import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate, withContext } from '../router';

/** An internal link that changes pages without a reload, keeping the language and plan. */
export function Link({ to, ...props }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const href = withContext(to, new URL(window.location.href));
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
    window.scrollTo(0, 0);
  };
  return <a {...props} href={href} onClick={onClick} />;
}
