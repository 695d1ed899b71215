/**
 * The only SQL of allocation flows: active selections (A.7.2) with both ends on the map — the household's point
 * and the unit's — in the caller's scope.
 */
import type { Scope } from '../access/scope.ts';
import { scoped } from '../access/scope.ts';
import type { Db } from '../db/knex.ts';
import type { Flow, FlowsQuery } from './schema.ts';

interface FlowRow {
  id: string;
  plan_id: string;
  plan_no: string;
  household_id: string;
  application_no: string;
  unit_id: string;
  unit_no: string;
  from_lng: number;
  from_lat: number;
  to_lng: number;
  to_lat: number;
  distance_m: number;
  picked_at: Date;
  is_reviewed: boolean;
  by_proxy: boolean;
  region_code: string;
  total: string;
}

export async function listFlows(
  db: Db,
  scope: Scope,
  query: FlowsQuery,
): Promise<{ items: Flow[]; total: number }> {
  const q = scoped(db('unit_selections as s'), scope, 's.region_code')
    .join('households as h', 'h.id', 's.household_id')
    .join('housing_units as u', 'u.id', 's.unit_id')
    .join('allocation_plans as p', 'p.id', 's.plan_id')
    .where('s.status', 'active')
    .whereNotNull('h.geom')
    .whereNotNull('u.geom');
  if (query.region) void q.where('s.region_code', 'like', `${query.region.replace(/0+$/, '')}%`);
  if (query.plan_id) void q.where('s.plan_id', query.plan_id);
  if (query.bbox)
    void q.where((w) => {
      const envelope = 'ST_MakeEnvelope(?, ?, ?, ?, 4490)';
      void w.whereRaw(`h.geom && ${envelope}`, query.bbox).orWhereRaw(`u.geom && ${envelope}`, query.bbox);
    });
  const rows = await q
    .orderBy([
      { column: 's.picked_at', order: 'desc' },
      { column: 's.id', order: 'desc' },
    ])
    .limit(query.limit)
    .select<FlowRow[]>(
      's.id',
      's.plan_id',
      'p.plan_no',
      's.household_id',
      's.application_no',
      's.unit_id',
      's.unit_no',
      db.raw('ST_X(h.geom) AS from_lng'),
      db.raw('ST_Y(h.geom) AS from_lat'),
      db.raw('ST_X(u.geom) AS to_lng'),
      db.raw('ST_Y(u.geom) AS to_lat'),
      db.raw('round(ST_Distance(h.geom::geography, u.geom::geography))::float8 AS distance_m'),
      's.picked_at',
      's.is_reviewed',
      db.raw('s.proxy_by IS NOT NULL AS by_proxy'),
      's.region_code',
      db.raw('count(*) OVER () AS total'),
    );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      id: Number(r.id),
      plan_id: Number(r.plan_id),
      plan_no: r.plan_no,
      household_id: Number(r.household_id),
      application_no: r.application_no,
      unit_id: Number(r.unit_id),
      unit_no: r.unit_no,
      from: [r.from_lng, r.from_lat],
      to: [r.to_lng, r.to_lat],
      distance_m: r.distance_m,
      picked_at: r.picked_at.toISOString(),
      is_reviewed: r.is_reviewed,
      by_proxy: r.by_proxy,
      region_code: r.region_code,
    })),
  };
}
