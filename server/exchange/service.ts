/**
 * An import request from start to answer: resolve the declared coordinate system, read the file, import every
 * feature in the request's one transaction, then keep it — or roll it all back for a dry run, and for a real
 * run with rejections unless `partial` was asked for. The report says which features were (or would be) created
 * and why each of the others was rejected.
 */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { AppError, fieldError } from '../http/errors.ts';
import { crsFromCode } from './crs.ts';
import { importFeatures, PREVIEW_LIMIT, type Created, type PreviewFeature, type Rejected } from './import.ts';
import { readSource } from './source.ts';
import { projectedCandidates } from './store.ts';
import type { ExchangeTarget } from './targets.ts';

export interface ImportOptions {
  dry_run: boolean;
  partial: boolean;
  crs?: string;
}

export interface ImportReport {
  dry_run: boolean;
  /** Whether the created features were kept. */
  committed: boolean;
  total: number;
  created: Created[];
  rejected: Rejected[];
  crs: { detected: string; name: string; source: string; stored: 'EPSG:4490' };
  file: { format: string; layer?: string; encoding?: string; encoding_basis?: string };
  /** Attributes that match no field of the target and were not imported. */
  ignored_fields: string[];
  /** Dry run only: the features' geometries as they would be stored, for a map preview (capped). */
  preview?: { type: 'FeatureCollection'; features: PreviewFeature[]; truncated: boolean };
}

/** Carries the report out of a transaction that must not commit. */
class RollBack extends Error {
  constructor(readonly report: ImportReport) {
    super('roll back the import');
  }
}

/** A real run without `partial` in which some features were rejected: nothing was written. */
function importRejected(report: ImportReport): AppError {
  return new AppError(
    422,
    'import_rejected',
    '导入未执行',
    `${report.rejected.length} 个要素未通过校验，未导入任何数据：请修正后重试，或使用 partial=true 只导入通过校验的要素`,
    report.rejected.flatMap((r) =>
      r.errors.map((e) => ({ path: `features.${r.index}${e.path ? `.${e.path}` : ''}`, message: e.message })),
    ),
    {},
    { ...report },
  );
}

export async function runImport(
  db: Db,
  write: <T>(work: (trx: Tx) => Promise<T>) => Promise<T>,
  scope: Scope,
  target: ExchangeTarget,
  body: Buffer,
  options: ImportOptions,
): Promise<ImportReport> {
  const candidates = await projectedCandidates(db);
  const declared = options.crs === undefined ? undefined : crsFromCode(options.crs, 'declared', candidates);
  if (options.crs !== undefined && !declared)
    throw fieldError(
      'query.crs',
      `不支持的坐标系 ${options.crs}：可用 EPSG:4490、EPSG:4326、GCJ02、BD09，或 CGCS2000 高斯-克吕格（EPSG:4491-4554）、WGS 84 / UTM（EPSG:32643-32653）`,
    );
  const source = await readSource(body, declared, candidates);
  try {
    return await write(async (trx) => {
      const outcome = await importFeatures(trx, scope, target, source);
      const keep = !options.dry_run && (options.partial || outcome.rejected.length === 0);
      const report: ImportReport = {
        dry_run: options.dry_run,
        committed: keep,
        total: source.features.length,
        // Ids of rows that are rolled back would name nothing.
        created: keep ? outcome.created : outcome.created.map((c) => ({ ...c, id: null })),
        rejected: outcome.rejected,
        crs: {
          detected: source.crs.code,
          name: source.crs.name,
          source: source.crs.from,
          stored: 'EPSG:4490',
        },
        file: {
          format: source.format,
          ...(source.layer ? { layer: source.layer } : {}),
          ...(source.encoding
            ? { encoding: source.encoding.name, encoding_basis: source.encoding.basis }
            : {}),
        },
        ignored_fields: outcome.ignored,
        // A zipped Shapefile (or a projected or GCJ-02 file) cannot be drawn by the browser as it is: the dry
        // run hands back what it parsed and reprojected, so the planner sees where the parcels would land.
        ...(options.dry_run
          ? {
              preview: {
                type: 'FeatureCollection' as const,
                features: outcome.preview,
                truncated: outcome.preview.length >= PREVIEW_LIMIT && source.features.length > PREVIEW_LIMIT,
              },
            }
          : {}),
      };
      if (!keep) throw new RollBack(report);
      return report;
    });
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
    if (options.dry_run) return err.report;
    throw importRejected(err.report);
  }
}
