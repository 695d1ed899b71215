/** Routes of the public portal (no login, no personal data). */
import type { RouteDef } from '../http/route.ts';

export const portalRoutes: RouteDef[] = [];
