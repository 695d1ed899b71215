/**
 * What the electronic archives (the case's A.3.15, the contract's A.7.4) accept from a scanner: PDF, JPEG or PNG
 * up to 10 MB, the server's own limits — checked here before a large file is sent; the server checks the content
 * itself and answers 413/415 with its reason.
 */
export const SCAN_MAX_BYTES = 10 * 1024 * 1024;
export const SCAN_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** The media type to send a scan as (by its extension, else the browser's type), or undefined if not accepted. */
export function scanMediaType(file: File): string | undefined {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPES[ext] ?? (Object.values(TYPES).includes(file.type) ? file.type : undefined);
}

/** Why a chosen file cannot be uploaded (a message key suffix), or null when it can. */
export function scanProblem(file: File | null): 'noFile' | 'type' | 'size' | 'empty' | null {
  if (!file) return 'noFile';
  if (!scanMediaType(file)) return 'type';
  if (file.size > SCAN_MAX_BYTES) return 'size';
  if (file.size === 0) return 'empty';
  return null;
}

/** File sizes for archive lists: 12.3 KB, 4.5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
