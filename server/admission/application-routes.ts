/** Applications (the wizard): household with housing, members and assets, checks, electronic archive, verification. */
import type { RouteDef } from '../http/route.ts';

export const applicationRoutes: RouteDef[] = [];
