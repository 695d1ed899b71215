/**
 * What can be exchanged: each target names the subsystem's own create function (its rules are not repeated
 * here), its create schema (which the file's attributes must pass, like an API body), its list (the export
 * runs the same filters) and how its fields are called in files.
 */
import type { z } from 'zod';
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import type { Permission } from '../access/permissions.ts';
import type { FeatureFilter, FeatureResource, Row } from '../spatial/feature-routes.ts';
import { parcelResource } from '../land/routes.ts';
import { createParcel } from '../land/service.ts';
import { createParcelBody, listParcelsQuery, type ParcelInput } from '../land/schema.ts';
import { projectResource } from '../projects/routes.ts';
import { createProject } from '../projects/service.ts';
import { createProjectBody, listProjectsQuery, type ProjectInput } from '../projects/schema.ts';
import { entityFields, type EntityFields } from './fields.ts';
import { PARCEL_ALIASES, PROJECT_ALIASES } from './aliases.ts';

export interface ExchangeTarget {
  key: 'parcels' | 'projects';
  /** API path of the resource; import and export hang below it. */
  path: string;
  tag: string;
  /** What one record is called, e.g. 储备地块. */
  label: string;
  /** Export file names: ASCII for the fallback, Chinese for RFC 6266 `filename*`. */
  fileName: { ascii: string; zh: string };
  read: Permission;
  manage: Permission;
  /** The field holding the record's business number (地块编号, 项目编号), for the report. */
  numberKey: string;
  fields: EntityFields;
  createBody: z.ZodType<Record<string, unknown>>;
  /** The subsystem's create, with `at` prefixing its error paths. */
  create(trx: Tx, scope: Scope, input: Record<string, unknown>, at: string): Promise<Row>;
  listQuery: z.ZodObject;
  /** A view holding the full exchange record (by `id`), whose columns the CSV carries in the standard's order. */
  exchangeView?: string;
  resource: Pick<FeatureResource<FeatureFilter, unknown, unknown>, 'list' | 'present'>;
}

type Resource = Pick<
  FeatureResource<FeatureFilter, unknown, unknown>,
  'path' | 'tag' | 'label' | 'read' | 'manage' | 'list' | 'present'
>;

/** A target from a subsystem's resource description, its create function and how files call its fields. */
function targetOf(
  key: ExchangeTarget['key'],
  resource: Resource,
  create: ExchangeTarget['create'],
  schemas: { createBody: z.ZodObject; listQuery: z.ZodObject },
  names: Pick<ExchangeTarget, 'fileName' | 'numberKey' | 'exchangeView'> & {
    aliases: Record<string, string>;
  },
): ExchangeTarget {
  const { aliases, ...rest } = names;
  return {
    key,
    path: resource.path,
    tag: resource.tag,
    label: resource.label,
    read: resource.read,
    manage: resource.manage,
    fields: entityFields(schemas.createBody.shape, aliases),
    createBody: schemas.createBody,
    create,
    listQuery: schemas.listQuery,
    resource,
    ...rest,
  };
}

export const parcelTarget = targetOf(
  'parcels',
  parcelResource,
  (trx, scope, input, at) => createParcel(trx, scope, input as ParcelInput, at),
  { createBody: createParcelBody, listQuery: listParcelsQuery },
  {
    fileName: { ascii: 'land_parcels', zh: '土地储备地块' },
    numberKey: 'parcel_no',
    aliases: PARCEL_ALIASES,
  },
);

export const projectTarget = targetOf(
  'projects',
  projectResource,
  (trx, scope, input, at) => createProject(trx, scope, input as ProjectInput, at),
  { createBody: createProjectBody, listQuery: listProjectsQuery },
  {
    fileName: { ascii: 'projects', zh: '建设项目' },
    numberKey: 'project_no',
    aliases: PROJECT_ALIASES,
    exchangeView: 'project_exchange',
  },
);
