/** Every code list the system seeds, in display order. */
import type { Dictionary } from './types.ts';
import { gender, hukouType, idType, maritalStatus } from './person.ts';
import { ethnicity } from './ethnicity.ts';
import { education } from './education.ts';
import { relationship } from './relationship.ts';
import { deliveryStatus, houseNature, layout, orientation } from './housing.ts';
import { incomeLevel, securityMode, specialGroup } from './security.ts';

export type { Dictionary, DictionaryItem } from './types.ts';

export const DICTIONARIES: Dictionary[] = [
  idType,
  gender,
  ethnicity,
  maritalStatus,
  education,
  hukouType,
  relationship,
  incomeLevel,
  securityMode,
  specialGroup,
  houseNature,
  layout,
  orientation,
  deliveryStatus,
];
