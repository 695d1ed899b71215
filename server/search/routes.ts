/** Routes of one search box over households, units, projects and addresses. */
import type { RouteDef } from '../http/route.ts';

export const searchRoutes: RouteDef[] = [];
