/** History routing for a handful of top-level pages; the server falls back to index.html for any path. */

import type { MessageKey } from './i18n/index.svelte.ts';

export type RouteName = 'login' | 'map' | 'users' | 'audit' | 'dictionaries' | 'notFound';

export interface NavItem {
  route: RouteName;
  href: string;
  label: MessageKey;
  /** The permission needed to see the item; none means everyone. */
  permission?: string;
}

const ROUTES: Record<string, RouteName> = {
  '/': 'map',
  '/login': 'login',
  '/map': 'map',
  '/users': 'users',
  '/audit': 'audit',
  '/dictionaries': 'dictionaries',
};

class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  route = $derived<RouteName>(ROUTES[this.path.replace(/\/+$/, '') || '/'] ?? 'notFound');

  constructor() {
    window.addEventListener('popstate', () => this.sync());
  }

  private sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    if (to === location.pathname + location.search) return;
    if (options.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.sync();
    window.scrollTo(0, 0);
  }

  /** A query parameter of the current URL. */
  param(name: string): string | null {
    return new URLSearchParams(this.search).get(name);
  }
}

export const router = new Router();

/** Click handler for in-app links: plain left clicks navigate without reloading; others behave natively. */
export function followLink(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.currentTarget;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.target) return;
  if (anchor.origin !== location.origin) return;
  event.preventDefault();
  router.navigate(anchor.pathname + anchor.search);
}
