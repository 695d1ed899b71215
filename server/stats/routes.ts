/** Routes of the leaders' dashboard figures (aggregates only). */
import type { RouteDef } from '../http/route.ts';

export const statsRoutes: RouteDef[] = [];
