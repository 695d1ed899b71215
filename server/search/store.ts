/**
 * SQL of the search box. Each kind is a UNION ALL of small index-driven branches (exact, prefix, tail, any part),
 * each region-scoped and limited on its own, so a common word never makes PostgreSQL read a million rows; the
 * best rank per record wins. Which branches a caller gets is the service's decision (permissions), not ours.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { containsPattern, startsWithPattern } from '../shared/like.ts';

type Conn = Db | Tx;

/** How well a record matched: lower is better. */
export const RANK = { exact: 0, prefix: 1, tail: 2, part: 3 } as const;

export interface Branch {
  rank: number;
  matched: string;
  /**
   * The branch is answered by a pg_trgm GIN index. Such branches run as bitmap scans only: with a LIMIT the
   * planner otherwise prefers a sequential (or region index) scan hoping to meet matches early, which reads the
   * whole table when they are rare (measured: 0.3-0.7 s instead of 10-30 ms on a million households).
   */
  trigram?: boolean;
  where(query: Knex.QueryBuilder): void;
}

export interface SearchScope {
  scope: Scope;
  region?: string | undefined;
  limit: number;
}

/** `%text%` for LIKE with the caller's %, _ and \ taken literally. */
export const contains = containsPattern;
export const startsWith = startsWithPattern;

/** The two address functions of the migration (indexed with pg_trgm): to the road, or to the door. */
const ROAD_ADDRESS =
  'household_road_address(h.hukou_district, h.hukou_street, h.hukou_community, h.hukou_road)';
const FULL_ADDRESS =
  'household_full_address(h.hukou_district, h.hukou_street, h.hukou_community, h.hukou_road, ' +
  'h.hukou_house_no, h.hukou_building, h.hukou_room)';

/**
 * Rows whose every token occurs in `expression` (each token one trigram-indexable LIKE; ILIKE only for tokens
 * with Latin letters: case-folding Chinese text costs ten times as much and changes nothing).
 */
export function allTokensIn(query: Knex.QueryBuilder, expression: string, tokens: string[]): void {
  for (const token of tokens)
    void query.whereRaw(`${expression} ${/[A-Za-z]/.test(token) ? 'ILIKE' : 'LIKE'} ?`, [contains(token)]);
}

export const addressExpression = (withDoor: boolean) => (withDoor ? FULL_ADDRESS : ROAD_ADDRESS);

interface Match {
  id: number;
  rank: number;
  matched: string;
}

/** The ids matched by `branches` (each region-scoped, at most `limit` rows), in one UNION ALL. */
function matching(conn: Conn, table: string, alias: string, branches: Branch[], at: SearchScope) {
  const parts = branches.map((branch) => {
    const query = scoped(
      conn({ [alias]: table }).select(
        `${alias}.id`,
        conn.raw('?::int AS rank', [branch.rank]),
        conn.raw('?::text AS matched', [branch.matched]),
      ),
      at.scope,
      `${alias}.region_code`,
    );
    if (at.region) void query.where(`${alias}.region_code`, 'like', `${regionPrefix(at.region)}%`);
    branch.where(query);
    return query.limit(at.limit);
  });
  return conn.queryBuilder().unionAll(parts, true) as unknown as Promise<Match[]>;
}

/** The best match of each record: plain branches as planned, trigram branches as bitmap scans. */
async function matches(
  db: Db,
  table: string,
  alias: string,
  branches: Branch[],
  at: SearchScope,
): Promise<Match[]> {
  const plain = branches.filter((branch) => !branch.trigram);
  const trigram = branches.filter((branch) => branch.trigram);
  const found = await Promise.all([
    plain.length ? matching(db, table, alias, plain, at) : [],
    trigram.length
      ? db.transaction(
          async (trx) => {
            await trx.raw(
              "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)",
            );
            return matching(trx, table, alias, trigram, at);
          },
          { readOnly: true },
        )
      : [],
  ]);
  const best = new Map<number, Match>();
  for (const match of found.flat()) {
    const seen = best.get(match.id);
    if (!seen || match.rank < seen.rank) best.set(match.id, match);
  }
  return [...best.values()];
}

const point = (conn: Conn, column: string) =>
  conn.raw(
    `CASE WHEN ${column} IS NULL THEN NULL
          ELSE json_build_array(round(ST_X(ST_PointOnSurface(${column}))::numeric, 7),
                                round(ST_Y(ST_PointOnSurface(${column}))::numeric, 7)) END AS center`,
  );
const box = (conn: Conn, column: string) =>
  conn.raw(
    `CASE WHEN ${column} IS NULL OR GeometryType(${column}) = 'POINT' THEN NULL
          ELSE json_build_array(round(ST_XMin(${column})::numeric, 7), round(ST_YMin(${column})::numeric, 7),
                                round(ST_XMax(${column})::numeric, 7), round(ST_YMax(${column})::numeric, 7)) END AS bbox`,
  );

export type HitRow = Record<string, unknown> & {
  id: number;
  rank: number;
  matched: string;
  region_code: string;
  region_name: string | null;
  center: [number, number] | null;
  bbox: [number, number, number, number] | null;
};

async function hits(
  db: Db,
  table: string,
  alias: string,
  branches: Branch[],
  at: SearchScope,
  details: (query: Knex.QueryBuilder) => void,
  order: string,
): Promise<HitRow[]> {
  if (!branches.length) return [];
  const found = await matches(db, table, alias, branches, at);
  if (!found.length) return [];
  const byId = new Map(found.map((match) => [match.id, match]));
  const query = scoped(
    db({ [alias]: table })
      .leftJoin('regions as rg', 'rg.code', `${alias}.region_code`)
      .select(
        `${alias}.id`,
        `${alias}.region_code`,
        'rg.name as region_name',
        point(db, `${alias}.geom`),
        box(db, `${alias}.geom`),
      )
      .whereIn(`${alias}.id`, [...byId.keys()]),
    at.scope,
    `${alias}.region_code`,
  );
  details(query);
  const rows = (await query) as HitRow[];
  for (const row of rows)
    Object.assign(row, { rank: byId.get(row.id)!.rank, matched: byId.get(row.id)!.matched });
  return rows
    .sort((a, b) => a.rank - b.rank || String(a[order]).localeCompare(String(b[order])))
    .slice(0, at.limit);
}

export const householdHits = (conn: Db, branches: Branch[], at: SearchScope) =>
  hits(
    conn,
    'households',
    'h',
    branches,
    at,
    (q) =>
      void q.select(
        'h.application_no',
        'h.applicant_name',
        'h.id_number',
        'h.waiting_status as status',
        'h.household_size',
        'h.hukou_street',
        'h.hukou_community',
        'h.hukou_road',
        'h.hukou_house_no',
        'h.hukou_building',
        'h.hukou_room',
      ),
    'application_no',
  );

export const unitHits = (conn: Db, branches: Branch[], at: SearchScope) =>
  hits(
    conn,
    'housing_units',
    'u',
    branches,
    at,
    (q) =>
      void q
        .join('buildings as b', 'b.id', 'u.building_id')
        .join('projects as p', 'p.id', 'u.project_id')
        .select(
          'u.unit_no',
          'u.room_no',
          'u.entrance',
          'u.floor_from',
          'u.floor_area',
          'u.delivery_status as status',
          'u.building_id',
          'b.name as building_name',
          'p.proposed_name as project_name',
        ),
    'unit_no',
  );

export const BUILDING_TEXT =
  "b.building_no || ' ' || b.name || ' ' || coalesce(b.street, '') || coalesce(b.compound_no, '') || ' ' || " +
  "coalesce((SELECT p.proposed_name FROM projects p WHERE p.id = b.project_id), '')";

export const buildingHits = (conn: Db, branches: Branch[], at: SearchScope) =>
  hits(
    conn,
    'buildings',
    'b',
    branches,
    at,
    (q) =>
      void q
        .join('projects as p', 'p.id', 'b.project_id')
        .select(
          'b.building_no',
          'b.name',
          'b.street',
          'b.compound_no',
          'b.total_floors',
          'b.build_status as status',
          'p.proposed_name as project_name',
        ),
    'building_no',
  );

export const PROJECT_TEXT =
  "p.project_no || ' ' || p.proposed_name || ' ' || coalesce(p.approved_name, '') || ' ' || coalesce(p.address, '')";

export const projectHits = (conn: Db, branches: Branch[], at: SearchScope) =>
  hits(
    conn,
    'projects',
    'p',
    branches,
    at,
    (q) => void q.select('p.project_no', 'p.proposed_name', 'p.address', 'p.status'),
    'project_no',
  );
