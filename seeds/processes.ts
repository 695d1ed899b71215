/**
 * Process definitions every database needs (the admission process of issue 6): imported as a new active version
 * only when the definition's content changed, so every start may call this.
 */
import type { Knex } from 'knex';
import { ensureDefinition } from '../server/workflow/engine.ts';
import { admissionProcess } from '../server/admission/process.ts';

export async function seedProcessDefinitions(db: Knex): Promise<void> {
  await ensureDefinition(db, admissionProcess);
}
