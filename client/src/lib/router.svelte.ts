/** History routing for a handful of top-level pages; the server falls back to index.html for any path. */

import type { MessageKey } from './i18n/index.svelte.ts';

export type RouteName =
  | 'login'
  | 'map'
  | 'land'
  | 'dashboard'
  | 'rules'
  | 'users'
  | 'audit'
  | 'dictionaries'
  | 'inbox'
  | 'applications'
  | 'applicationNew'
  | 'application'
  | 'notices'
  | 'workflow'
  | 'registry'
  | 'suppliers'
  | 'documents'
  | 'allocation'
  | 'allocationPlans'
  | 'allocationPlan'
  | 'ledgers'
  | 'selectionSessions'
  | 'selectionRoom'
  | 'selectApplicant'
  | 'contracts'
  | 'contract'
  | 'subsidies'
  | 'support'
  | 'portalLottery'
  | 'portal'
  | 'portalProject'
  | 'notFound';

/** Pages anyone may open without signing in (the public portal). */
export const PUBLIC_ROUTES: readonly RouteName[] = [
  'portal',
  'portalProject',
  'portalLottery',
  'selectApplicant',
];

export interface NavItem {
  route: RouteName;
  href: string;
  label: MessageKey;
  /** The permission needed to see the item; none means everyone. */
  permission?: string;
}

/** Path patterns, first match wins; `:name` segments become `router.params.name`. */
const PATTERNS: [string, RouteName][] = [
  ['/', 'map'],
  ['/login', 'login'],
  ['/map', 'map'],
  ['/land', 'land'],
  ['/dashboard', 'dashboard'],
  ['/rules', 'rules'],
  ['/users', 'users'],
  ['/audit', 'audit'],
  ['/dictionaries', 'dictionaries'],
  ['/inbox', 'inbox'],
  ['/applications', 'applications'],
  ['/applications/new', 'applicationNew'],
  ['/applications/:id', 'application'],
  ['/notices', 'notices'],
  ['/workflow', 'workflow'],
  ['/registry', 'registry'],
  ['/suppliers', 'suppliers'],
  ['/documents', 'documents'],
  ['/allocation', 'allocation'],
  ['/allocation/plans', 'allocationPlans'],
  ['/allocation/plans/:id', 'allocationPlan'],
  ['/ledgers', 'ledgers'],
  ['/selection', 'selectionSessions'],
  ['/selection/:id', 'selectionRoom'],
  ['/select/:id', 'selectApplicant'],
  ['/contracts', 'contracts'],
  ['/contracts/:id', 'contract'],
  ['/subsidies', 'subsidies'],
  ['/support', 'support'],
  ['/portal/lottery/:drawNo', 'portalLottery'],
  ['/portal', 'portal'],
  ['/portal/projects/:id', 'portalProject'],
];

interface Match {
  route: RouteName;
  params: Record<string, string>;
}

export function matchPath(path: string): Match {
  const parts = (path.replace(/\/+$/, '') || '/').split('/');
  for (const [pattern, route] of PATTERNS) {
    const wanted = pattern.split('/');
    if (wanted.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = wanted.every((segment, i) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(parts[i] ?? '');
        return Boolean(parts[i]);
      }
      return segment === parts[i];
    });
    if (matches) return { route, params };
  }
  return { route: 'notFound', params: {} };
}

class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  #match = $derived(matchPath(this.path));
  route = $derived<RouteName>(this.#match.route);
  params = $derived<Record<string, string>>(this.#match.params);

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

  /** Replaces query parameters without a new history entry (map view state, selections). */
  setParams(values: Record<string, string | null>): void {
    const kept = [...new URLSearchParams(this.search)].filter(([key]) => !(key in values));
    const added = Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1]));
    const text = [...kept, ...added]
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
    this.search = location.search;
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
