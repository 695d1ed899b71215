/** Large answers are compressed; small ones go as they are (compressing them costs more than it saves). */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';

const t = useTestServer();

async function encodingOf(path: string): Promise<{ encoding: string | null; bytes: number }> {
  const response = await fetch(`${t.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
  const bytes = (await response.arrayBuffer()).byteLength; // fetch inflates: this is the body's real size
  return { encoding: response.headers.get('content-encoding'), bytes };
}

describe('compression', () => {
  it('gzips a large JSON answer', async () => {
    const { encoding, bytes } = await encodingOf('/api/openapi.json');
    expect(bytes).toBeGreaterThan(8 * 1024);
    expect(encoding).toBe('gzip');
  });

  it('sends a small JSON answer uncompressed', async () => {
    const { encoding, bytes } = await encodingOf('/api/auth/me');
    expect(bytes).toBeLessThan(8 * 1024);
    expect(encoding).toBeNull();
  });
});
