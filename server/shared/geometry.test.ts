import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';
import { assertValidGeometry } from './geometry.ts';
import { AppError } from '../http/errors.ts';

const t = useTestServer();

describe('geometry validity in PostGIS', () => {
  it('passes a valid polygon', async () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [126.6, 45.7],
          [126.7, 45.7],
          [126.7, 45.8],
          [126.6, 45.8],
          [126.6, 45.7],
        ],
      ],
    };
    await expect(assertValidGeometry(t.db, square, 'body.geometry')).resolves.toBeUndefined();
  });

  it('names the self-intersection and where it is', async () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [126.6, 45.7],
          [126.7, 45.8],
          [126.7, 45.7],
          [126.6, 45.8],
          [126.6, 45.7],
        ],
      ],
    };
    const error = await assertValidGeometry(t.db, bowtie, 'body.geometry').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const [field] = (error as AppError).errors!;
    expect(field!.path).toBe('body.geometry');
    expect(field!.message).toMatch(/Self-intersection/);
    expect(field!.message).toMatch(/POINT\(126\.65 45\.75\)/);
  });
});
