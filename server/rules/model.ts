/** The shapes of a loaded rule version, shared by the service, the engine and the presenters. */
import type { Kind } from './schema.ts';

export type VersionStatus = 'draft' | 'enabled' | 'disabled';

export interface VersionRow {
  id: number;
  template_code: string;
  template_name: string;
  version_no: number;
  status: VersionStatus;
  effective_from: string;
  effective_to: string | null;
  region_code: string;
  region_name: string;
  description: string | null;
  based_on_id: number | null;
  enabled_at: Date | null;
  enabled_by: string | null;
  disabled_at: Date | null;
  disabled_by: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

/** An item as the API shows it: the kind's fields plus id and enabled_at. */
export type Item = Record<string, unknown> & { id: number; code: string; enabled?: boolean };

export interface RuleSet {
  version: VersionRow;
  items: Record<Kind, Item[]>;
}

export interface Quantitative extends Item {
  name: string;
  mode_code: string;
  combination_code: string | null;
  factor: string;
  unit: string | null;
  lower_value: number | null;
  lower_op: '>' | '>=' | null;
  upper_value: number | null;
  upper_op: '<' | '<=' | null;
}

export interface Qualitative extends Item {
  name: string;
  mode_code: string;
  combination_code: string | null;
  factor: string;
  expected_value: boolean;
}

export interface Combination extends Item {
  name: string | null;
  mode_code: string;
  parent_code: string | null;
  operator: 'AND' | 'OR' | 'NOT';
}

export interface Standard extends Item {
  name: string;
  mode_code: string;
  factor: string;
  unit: string | null;
  household_size: number | null;
  standard_value: number | null;
  formula: string | null;
  parameters: Record<string, number>;
  result_unit: string | null;
}

export interface OrderingFactor extends Item {
  name: string;
  factor: string;
  weight: number;
  direction: 'higher_first' | 'lower_first';
  cap: number | null;
}
