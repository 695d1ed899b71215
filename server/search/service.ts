/**
 * The search box of the map workspace: which fields a caller may search is decided here, from the permissions.
 *
 * Households need `households.read`. Without `personal_data.read` the hits are masked (as the admission presenter
 * masks them) and the search itself is limited to what the masked record shows — the application number and the
 * address down to the road: matching a typed name, ID number or door number against the unmasked data would let
 * a masked reader confirm who applied, or who lives where.
 */
import type { Db } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import type { Permission } from '../access/permissions.ts';
import type { SearchKind, SearchQuery } from './schema.ts';
import * as store from './store.ts';
import { RANK, type Branch, type HitRow } from './store.ts';

const NEEDS: Record<SearchKind, Permission> = {
  household: 'households.read',
  unit: 'projects.read',
  building: 'projects.read',
  project: 'projects.read',
};
/** Shown in this order when ranks tie. */
const KIND_ORDER: SearchKind[] = ['household', 'unit', 'building', 'project'];

const RESIDENT_ID = /^\d{17}[\dX]$/;
const ID_TAIL = /^\d{3,16}[\dX]?$/;
const NAME = /^[\p{Script=Han}·A-Za-z]{1,20}$/u;
const HAS_CODE_CHARS = /[0-9A-Za-z]/;

/** Trigram indexes need three characters; shorter tokens would scan the whole index. */
const indexable = (tokens: string[]) => tokens.some((token) => [...token].length >= 3);

export function householdBranches(q: string, personal: boolean): Branch[] {
  const upper = q.toUpperCase();
  const tokens = q.split(/\s+/).filter(Boolean);
  const branches: Branch[] = [
    { rank: RANK.exact, matched: 'application_no', where: (w) => void w.where('h.application_no', upper) },
    {
      rank: RANK.prefix,
      matched: 'application_no',
      where: (w) => void w.where('h.application_no', 'like', store.startsWith(upper)),
    },
  ];
  // Any part of the number — for the serial typed alone (`000123`); typed from its start, the prefix finds it.
  if (q.length >= 3 && HAS_CODE_CHARS.test(q) && !/^[A-Za-z]/.test(q))
    branches.push({
      rank: RANK.part,
      matched: 'application_no',
      trigram: true,
      where: (w) => void w.where('h.application_no', 'ilike', store.contains(q)),
    });
  if (personal && RESIDENT_ID.test(upper))
    branches.push({
      rank: RANK.exact,
      matched: 'id_number',
      where: (w) => void w.where('h.id_number', upper),
    });
  if (personal && ID_TAIL.test(upper) && upper.length >= 4)
    branches.push({
      rank: RANK.tail,
      matched: 'id_number',
      where: (w) =>
        void w.whereRaw('reverse(h.id_number) LIKE ?', [store.startsWith([...upper].reverse().join(''))]),
    });
  if (personal && NAME.test(q)) {
    branches.push({ rank: RANK.exact, matched: 'name', where: (w) => void w.where('h.applicant_name', q) });
    branches.push({
      rank: RANK.prefix,
      matched: 'name',
      where: (w) => void w.where('h.applicant_name', 'like', store.startsWith(q)),
    });
  }
  if (indexable(tokens))
    branches.push({
      rank: RANK.part,
      matched: 'address',
      trigram: true,
      where: (w) => store.allTokensIn(w, store.addressExpression(personal), tokens),
    });
  return branches;
}

export function unitBranches(q: string): Branch[] {
  const tokens = q.split(/\s+/).filter(Boolean);
  const branches: Branch[] = [
    { rank: RANK.exact, matched: 'unit_no', where: (w) => void w.where('u.unit_no', q.toUpperCase()) },
    { rank: RANK.tail, matched: 'room_no', where: (w) => void w.where('u.room_no', q) },
  ];
  if (indexable(tokens))
    branches.push({
      rank: RANK.part,
      matched: 'unit_no',
      trigram: true,
      where: (w) => store.allTokensIn(w, 'u.unit_no', tokens),
    });
  return branches;
}

/** Buildings and projects are few (hundreds to thousands): any part of their numbers, names and addresses. */
const namedBranches =
  (alias: string, noColumn: string, text: string) =>
  (q: string): Branch[] => {
    const tokens = q.split(/\s+/).filter(Boolean);
    return [
      {
        rank: RANK.exact,
        matched: 'name_or_no',
        where: (w) => void w.where(`${alias}.${noColumn}`, q.toUpperCase()),
      },
      { rank: RANK.part, matched: 'name_or_no', where: (w) => store.allTokensIn(w, `(${text})`, tokens) },
    ];
  };
export const buildingBranches = namedBranches('b', 'building_no', store.BUILDING_TEXT);
export const projectBranches = namedBranches('p', 'project_no', store.PROJECT_TEXT);

export interface KindHits {
  kind: SearchKind;
  rows: HitRow[];
}

export async function search(
  db: Db,
  scope: Scope,
  query: SearchQuery,
): Promise<{ found: KindHits[]; skipped: SearchKind[] }> {
  const wanted = query.kinds ?? KIND_ORDER;
  const allowed = KIND_ORDER.filter((kind) => wanted.includes(kind) && scope.permissions.has(NEEDS[kind]));
  const skipped = wanted.filter((kind) => !scope.permissions.has(NEEDS[kind]));
  const at = { scope, region: query.region, limit: query.limit };
  const personal = scope.permissions.has('personal_data.read');
  const run: Record<SearchKind, () => Promise<HitRow[]>> = {
    household: () => store.householdHits(db, householdBranches(query.q, personal), at),
    unit: () => store.unitHits(db, unitBranches(query.q), at),
    building: () => store.buildingHits(db, buildingBranches(query.q), at),
    project: () => store.projectHits(db, projectBranches(query.q), at),
  };
  const found = await Promise.all(allowed.map(async (kind) => ({ kind, rows: await run[kind]() })));
  return { found, skipped };
}

/** All kinds' hits in one list: best rank first, then kind order, at most `limit`. */
export function merged(found: KindHits[], limit: number): { kind: SearchKind; row: HitRow }[] {
  return found
    .flatMap(({ kind, rows }) => rows.map((row, index) => ({ kind, row, index })))
    .sort(
      (a, b) =>
        a.row.rank - b.row.rank ||
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        a.index - b.index,
    )
    .slice(0, limit)
    .map(({ kind, row }) => ({ kind, row }));
}
