/** Types the workspace's components share (from the generated API types). */
import type { Answer } from '../api.ts';

// openapi-fetch widens tuples to arrays: [lng, lat] and the bbox arrive as number[].
export type SearchHit = Omit<Answer<'/api/search', 'get'>['items'][number], 'center' | 'bbox'> & {
  center: number[] | null;
  bbox: number[] | null;
};
