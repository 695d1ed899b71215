/** Every code list the system seeds, in display order. */
import type { Dictionary } from './types.ts';
import { gender, hukouType, idType, maritalStatus } from './person.ts';
import { ethnicity } from './ethnicity.ts';
import { education } from './education.ts';
import { relationship } from './relationship.ts';
import { disabilityCategory, disabilityGrade } from './disability.ts';
import { decoration, deliveryStatus, houseNature, layout, orientation, unitSource } from './housing.ts';
import { incomeLevel, securityMode, specialGroup, waitingStatus } from './security.ts';
import { developmentLevel, landUse } from './land.ts';
import { buildingStructure, constructionMode, projectCategory } from './construction.ts';
import { APPLICATION_DICTIONARIES } from './application.ts';

export type { Dictionary, DictionaryItem } from './types.ts';

export const DICTIONARIES: Dictionary[] = [
  idType,
  gender,
  ethnicity,
  maritalStatus,
  education,
  hukouType,
  relationship,
  disabilityCategory,
  disabilityGrade,
  incomeLevel,
  securityMode,
  specialGroup,
  waitingStatus,
  landUse,
  developmentLevel,
  projectCategory,
  constructionMode,
  buildingStructure,
  houseNature,
  unitSource,
  layout,
  orientation,
  decoration,
  deliveryStatus,
  ...APPLICATION_DICTIONARIES,
];
