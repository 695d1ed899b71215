/** Routes of lottery (issue 7); filled in by its subsystem. */
import type { RouteDef } from '../http/route.ts';

export const lotteryRoutes: RouteDef[] = [];
