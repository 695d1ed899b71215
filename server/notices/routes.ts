/** Public notice batches (公示, A.3.12) and reports received during them (举报, A.3.13). */
import type { RouteDef } from '../http/route.ts';

export const noticeRoutes: RouteDef[] = [];
