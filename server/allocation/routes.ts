/** Routes of allocation (issue 7); filled in by its subsystem. */
import type { RouteDef } from '../http/route.ts';

export const allocationRoutes: RouteDef[] = [];
