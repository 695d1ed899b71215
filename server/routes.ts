/** Every API route of the server, in one list: the router, the OpenAPI document and the access tests read it. */
import type { RouteDef } from './http/route.ts';
import { healthRoutes } from './health/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { regionRoutes } from './regions/routes.ts';
import { dictionaryRoutes } from './dictionaries/routes.ts';
import { staffRoutes } from './staff/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { exchangeRoutes } from './exchange/routes.ts';
import { landRoutes } from './land/routes.ts';
import { projectRoutes } from './projects/routes.ts';
import { admissionRoutes } from './admission/routes.ts';
import { spatialRoutes } from './spatial/routes.ts';
import { ruleRoutes } from './rules/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { statsRoutes } from './stats/routes.ts';
import { portalRoutes } from './portal/routes.ts';
import { workflowRoutes } from './workflow/routes.ts';
import { applicationRoutes } from './admission/application-routes.ts';
import { noticeRoutes } from './notices/routes.ts';
import { documentRoutes } from './documents/routes.ts';
import { registrationRoutes } from './registration/routes.ts';
import { allocationRoutes } from './allocation/routes.ts';
import { lotteryRoutes } from './lottery/routes.ts';
import { selectionRoutes } from './selection/routes.ts';
import { contractRoutes } from './contracts/routes.ts';
import { subsidyRoutes } from './subsidies/routes.ts';
import { supportRoutes } from './support/routes.ts';
import { flowRoutes } from './flows/routes.ts';

export const routes: RouteDef[] = [
  ...healthRoutes,
  ...authRoutes,
  ...regionRoutes,
  ...dictionaryRoutes,
  ...staffRoutes,
  ...auditRoutes,
  // Before the resources: their `/:id` routes would take `/import` and `/export` for an id.
  ...exchangeRoutes,
  ...landRoutes,
  ...projectRoutes,
  ...admissionRoutes,
  ...applicationRoutes,
  ...noticeRoutes,
  ...registrationRoutes,
  ...documentRoutes,
  ...allocationRoutes,
  ...lotteryRoutes,
  ...selectionRoutes,
  ...contractRoutes,
  ...subsidyRoutes,
  ...supportRoutes,
  ...flowRoutes,
  ...workflowRoutes,
  ...spatialRoutes,
  ...ruleRoutes,
  ...searchRoutes,
  ...statsRoutes,
  ...portalRoutes,
];
