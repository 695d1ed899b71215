import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { generateApiTypes, TYPES_FILE } from './gen-api.ts';

test('the client API types are generated from the current OpenAPI document (npm run gen:api)', async () => {
  const committed = await readFile(TYPES_FILE, 'utf8');
  expect(committed === (await generateApiTypes()), 'client/src/lib/api/schema.d.ts is stale').toBe(true);
});
