/** SQL for applicant households (A.3.8), region-scoped through `featuresIn`. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { applySpatialFilter, pageOf, whereText, type SpatialFilter } from '../spatial/features.ts';
import { featuresIn } from '../spatial/feature-store.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { HOUSEHOLD_COLUMNS } from './schema.ts';

type Conn = Db | Tx;

export const HOUSEHOLDS = 'households';

export type HouseholdRow = Row & {
  id: number;
  id_type: string;
  id_number: string;
  agent_id_type: string | null;
  agent_id_number: string | null;
  region_code: string;
  waiting_status: string;
  geocode_quality: string | null;
  geometry: { type: 'Point'; coordinates: number[] } | null;
};

export interface HouseholdFilter extends SpatialFilter {
  q?: string;
  status?: string;
}

function householdsIn(conn: Conn, scope: Scope) {
  return featuresIn(conn, scope, HOUSEHOLDS, 'h', HOUSEHOLD_COLUMNS);
}

export function listHouseholds(conn: Conn, scope: Scope, filter: HouseholdFilter) {
  const query = applySpatialFilter(conn, householdsIn(conn, scope), filter, 'h.geom', 'h.region_code');
  if (filter.q) {
    const q = filter.q;
    // Names and ID numbers are searchable only by those who may see them: a masked list must not confirm who
    // has applied.
    if (scope.permissions.has('personal_data.read')) {
      void query.where(
        (w) =>
          void w
            .where('h.application_no', 'ilike', `%${q}%`)
            .orWhere('h.applicant_name', 'like', `${q.replace(/[\\%_]/g, '\\$&')}%`)
            .orWhere('h.id_number', q.toUpperCase()),
      );
    } else {
      whereText(query, q, ['h.application_no']);
    }
  }
  if (filter.status) void query.where('h.waiting_status', filter.status);
  return pageOf<HouseholdRow>(query, filter, ['h.region_code', 'h.application_no']);
}

export async function findHousehold(conn: Conn, scope: Scope, id: number): Promise<HouseholdRow | undefined> {
  return (await householdsIn(conn, scope).where('h.id', id).first()) as HouseholdRow | undefined;
}
