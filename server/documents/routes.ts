/** Document templates and generated PDFs (registration notices). */
import type { RouteDef } from '../http/route.ts';

export const documentRoutes: RouteDef[] = [];
