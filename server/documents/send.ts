/** How a PDF goes out: inline (the browser's viewer prints it), named, and cached only when public. */
import type { Context } from 'koa';

/** RFC 6266: an ASCII fallback name and the Chinese one in UTF-8. */
export function pdfResponse(
  koa: Context,
  content: Buffer,
  name: { ascii: string; zh: string },
  options: { public?: boolean; sha256?: string } = {},
): Buffer {
  koa.type = 'application/pdf';
  koa.set(
    'Content-Disposition',
    `inline; filename="${name.ascii}.pdf"; filename*=UTF-8''${encodeURIComponent(`${name.zh}.pdf`)}`,
  );
  // Personal documents stay out of shared caches and the browser's disk cache.
  koa.set('Cache-Control', options.public ? 'public, max-age=300' : 'private, no-store');
  if (options.sha256) koa.set('ETag', `"${options.sha256}"`);
  return content;
}
