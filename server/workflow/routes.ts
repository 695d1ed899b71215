/** The workflow engine (A.3.1-A.3.7): inbox, tasks, instances, templates, monitoring. */
import type { RouteDef } from '../http/route.ts';

export const workflowRoutes: RouteDef[] = [];
