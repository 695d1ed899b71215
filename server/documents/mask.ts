/**
 * Masking for PUBLIC documents (公示 on the portal and in print). Stricter than the staff masking of
 * server/shared/mask.ts, and shaped as public notices in China print it, so neighbours can recognise a name they
 * already know without the notice giving a stranger the whole name.
 */

/**
 * 张三丰 → 张*丰, 张三 → 张*, 欧阳志明 → 欧*明, 买买提·艾力 → 买*力. The first and last characters stay; whatever
 * lies between becomes ONE asterisk, so the mask does not tell the name's length either. A one-character name
 * is all mask. Counted in code points, so a rare character outside the BMP stays whole.
 */
export function maskPublicName(name: string | null | undefined): string {
  const chars = [...(name ?? '').trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars.at(-1)}`;
}

/**
 * Resident ID numbers (15 or 18 characters) keep the first 6 (the issuing region) and the last 4:
 * 230103198506121234 → 230103********1234. Shorter numbers (passports, permits) would be nearly whole with that
 * rule, so they keep only their last 2 characters.
 */
export function maskPublicIdNumber(value: string | null | undefined): string {
  const id = (value ?? '').trim();
  if (id.length >= 15) return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
  if (id.length <= 2) return '*'.repeat(id.length);
  return `${'*'.repeat(id.length - 2)}${id.slice(-2)}`;
}
