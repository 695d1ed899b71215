/**
 * Importing features: each one is mapped to an API body, validated by the target's create schema and created by
 * the target's own create function in a savepoint — so a rejected feature is reported with the very errors the
 * API would answer (field paths rewritten to the file's own attribute names) and leaves nothing behind, while
 * the accepted ones stay in the one transaction of the request.
 */
import { regionLevel, type Scope } from '../access/scope.ts';
import type { Tx } from '../db/knex.ts';
import { AppError, type FieldError } from '../http/errors.ts';
import { issuesToFieldErrors } from '../http/validate.ts';
import { mapAttributes, type MappedAttributes } from './fields.ts';
import { toStorage } from './reproject.ts';
import type { Geometry, ImportSource } from './source.ts';
import { regionAt } from './store.ts';
import type { ExchangeTarget } from './targets.ts';

/** The prefix the create function puts on its error paths; rewritten to `properties.…`/`geometry` for the report. */
const AT = 'feature';

export interface Created {
  index: number;
  /** Null when the import was not kept (dry run, or rolled back for rejections). */
  id: number | null;
  number: string | null;
}

export interface Rejected {
  index: number;
  number: string | null;
  errors: FieldError[];
}

/** One feature of the file on a map before anything is saved: its geometry as it would be stored. */
export interface PreviewFeature {
  type: 'Feature';
  geometry: Geometry;
  properties: { index: number; number: string | null; accepted: boolean };
}

/** At most this many features are previewed (a map of a larger file is a sample, and the report says so). */
export const PREVIEW_LIMIT = 2000;

export interface ImportOutcome {
  created: Created[];
  rejected: Rejected[];
  /** Attribute names that match no field (ignored), over all features. */
  ignored: string[];
  /** The first PREVIEW_LIMIT features with a usable geometry, in CGCS2000 (≈ WGS84) degrees. */
  preview: PreviewFeature[];
}

/** `feature.parcel_no` → `properties.地块编号` (the attribute it came from), `feature.geometry…` → `geometry…`. */
function reportPath(path: string, target: ExchangeTarget, mapped: MappedAttributes): string {
  const rest = path === AT ? '' : path.startsWith(`${AT}.`) ? path.slice(AT.length + 1) : path;
  const [key, ...tail] = rest.split('.');
  const spec = target.fields.specs.find((s) => s.key === key);
  if (!spec) return rest;
  return ['properties', mapped.sources.get(spec.key) ?? spec.label, ...tail].join('.');
}

/** Why the database refused a row the checks let through (a CHECK or a value out of a column's range). */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

function errorsOf(err: unknown): FieldError[] {
  if (err instanceof AppError)
    return err.errors?.length ? err.errors : [{ path: AT, message: err.detail ?? err.title }];
  if (isDataError(err)) return [{ path: AT, message: `数据库拒绝了该记录：${(err as Error).message}` }];
  throw err;
}

export async function importFeatures(
  trx: Tx,
  scope: Scope,
  target: ExchangeTarget,
  source: ImportSource,
): Promise<ImportOutcome> {
  const geometries = await toStorage(trx, source.features, source.crs);
  const outcome: ImportOutcome = { created: [], rejected: [], ignored: [], preview: [] };
  const numbers: (string | null)[] = [];
  const ignored = new Set<string>();
  const regionLevelCap = Math.max(3, regionLevel(scope.regionCode));
  for (const [index, feature] of source.features.entries()) {
    const mapped = mapAttributes(feature.properties, target.fields);
    mapped.ignored.forEach((name) => ignored.add(name));
    const number =
      typeof mapped.input[target.numberKey] === 'string' ? (mapped.input[target.numberKey] as string) : null;
    numbers[index] = number;
    const reject = (errors: FieldError[]) =>
      outcome.rejected.push({
        index,
        number,
        errors: errors.map((e) => ({ path: reportPath(e.path, target, mapped), message: e.message })),
      });
    const { geometry, problem } = geometries[index]!;
    if (problem) {
      reject([{ path: `${AT}.geometry`, message: problem }]);
      continue;
    }
    const input: Record<string, unknown> = { ...mapped.input, ...(geometry ? { geometry } : {}) };
    // 行政区划代码 is not an A.5.11 field, so files seldom carry it: the region holding the feature is taken.
    if (input.region_code === undefined && geometry) {
      input.region_code = await regionAt(trx, scope, geometry, regionLevelCap);
      if (input.region_code === undefined) {
        reject([{ path: `${AT}.region_code`, message: '未填写，且图形位置不在您管辖的区划内，无法推定' }]);
        continue;
      }
    }
    const parsed = target.createBody.safeParse(input);
    if (!parsed.success) {
      reject(issuesToFieldErrors(AT, parsed.error));
      continue;
    }
    try {
      const row = await trx.transaction((savepoint) => target.create(savepoint, scope, parsed.data, AT));
      outcome.created.push({ index, id: row.id as number, number });
    } catch (err) {
      reject(errorsOf(err));
    }
  }
  outcome.ignored = [...ignored].sort();
  const accepted = new Set(outcome.created.map((c) => c.index));
  for (const [index, { geometry }] of geometries.entries()) {
    if (outcome.preview.length >= PREVIEW_LIMIT) break;
    if (geometry)
      outcome.preview.push({
        type: 'Feature',
        geometry,
        properties: { index, number: numbers[index] ?? null, accepted: accepted.has(index) },
      });
  }
  return outcome;
}
