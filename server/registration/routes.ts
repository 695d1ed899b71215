/** Review (初审/复审, A.3.14 plans), the registry book (A.3.16) and supplier applications (A.3.17, A.3.18). */
import type { RouteDef } from '../http/route.ts';

export const registrationRoutes: RouteDef[] = [];
