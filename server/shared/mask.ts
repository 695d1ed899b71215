/** Masking of personal data for roles without `personal_data.read` (presenters call these). */
export function maskIdNumber(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  return value.length <= 8
    ? '*'.repeat(value.length)
    : `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

export function maskPhone(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  return value.length < 7
    ? '*'.repeat(value.length)
    : `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 张三丰 → 张** : the family name stays so a caseworker can still talk about the case. */
export function maskName(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  return `${[...value][0]}${'*'.repeat(Math.max(1, [...value].length - 1))}`;
}
