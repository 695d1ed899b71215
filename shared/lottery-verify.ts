/**
 * Checking a published draw (hss-lottery-v1, docs/lottery.md) against its own record: the one procedure behind
 * `npm run verify-lottery` and the public page /portal/lottery/:drawNo. Pure TypeScript, like shared/lottery.ts.
 */
import {
  ALGORITHM,
  commitment,
  deriveSeed,
  entryCode,
  resultHash,
  rosterHash,
  shuffle,
  type Contribution,
  type RosterEntry,
} from './lottery.ts';

/** The draw as the public API publishes it (GET /api/portal/lottery/:drawNo); the reveal is null before the draw. */
export interface PublicDraw {
  draw_no: string;
  status: 'committed' | 'drawn' | 'cancelled';
  algorithm: string;
  roster_size: number;
  roster_hash: string;
  seed_commitment: string;
  contributions: Contribution[];
  server_secret: string | null;
  seed: string | null;
  result_hash: string | null;
}

export interface PublicResult {
  position: number;
  entry_code: string;
}

/** A draw's whole public record: what `verify-lottery --file` reads (docs/lottery.md, "offline copy"). */
export interface PublicRecord {
  draw: PublicDraw;
  roster: RosterEntry[];
  /** The drawn positions; null or empty before the draw. */
  result: PublicResult[] | null;
}

export const CHECKS = [
  'algorithm',
  'roster_size',
  'roster_form',
  'roster_hash',
  'commitment',
  'seed',
  'order',
  'result_hash',
] as const;
export type CheckId = (typeof CHECKS)[number];

/** One check: passed (true), failed (false) or not applicable yet (null: the draw has not taken place). */
export interface Check {
  id: CheckId;
  ok: boolean | null;
  expected?: string;
  actual?: string;
  /** Where it went wrong (a roster index, a position), in plain words. */
  detail?: string;
}

const CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

/** The roster's own shape: indexes 0…n−1 in order, well-formed unique codes, one label per cohort rank. */
function rosterForm(roster: readonly RosterEntry[]): string | undefined {
  const codes = new Set<string>();
  const labels = new Map<number, string>();
  for (let i = 0; i < roster.length; i++) {
    const e = roster[i]!;
    if (e.roster_index !== i) return `roster_index ${e.roster_index} at line ${i}`;
    if (!CODE.test(e.entry_code)) return `malformed code ${e.entry_code}`;
    if (codes.has(e.entry_code)) return `duplicate code ${e.entry_code}`;
    codes.add(e.entry_code);
    if (!Number.isInteger(e.cohort_rank) || e.cohort_rank < 1) return `cohort_rank ${e.cohort_rank}`;
    if ((labels.get(e.cohort_rank) ?? e.cohort) !== e.cohort) return `cohort ${e.cohort_rank} has two labels`;
    labels.set(e.cohort_rank, e.cohort);
    if (i > 0 && roster[i - 1]!.cohort_rank > e.cohort_rank) return `cohorts out of order at ${i}`;
  }
  return undefined;
}

const compare = (id: CheckId, expected: string, actual: string | null): Check => ({
  id,
  ok: expected === actual,
  expected,
  actual: actual ?? '',
});

/**
 * Every check of a public record, in order. After the draw: the secret matches the commitment, the seed and the
 * order recompute, and the published positions hash to the published result hash.
 */
export function verifyRecord(record: PublicRecord): Check[] {
  const { draw, roster } = record;
  const checks: Check[] = [
    compare('algorithm', ALGORITHM, draw.algorithm),
    compare('roster_size', String(draw.roster_size), String(roster.length)),
  ];
  const form = rosterForm(roster);
  checks.push({ id: 'roster_form', ok: form === undefined, ...(form ? { detail: form } : {}) });
  const roster_hash = rosterHash(draw.draw_no, roster);
  checks.push(compare('roster_hash', draw.roster_hash, roster_hash));
  const secret = draw.server_secret;
  if (draw.status !== 'drawn' || !secret || !draw.seed || !draw.result_hash) {
    for (const id of ['commitment', 'seed', 'order', 'result_hash'] as const) checks.push({ id, ok: null });
    return checks;
  }
  checks.push(
    /^[0-9a-f]{64}$/.test(secret)
      ? compare('commitment', draw.seed_commitment, commitment(secret))
      : { id: 'commitment', ok: false, detail: 'the secret is not 64 hex digits' },
  );
  const seed = deriveSeed(draw.draw_no, draw.roster_hash, draw.contributions, secret);
  checks.push(compare('seed', draw.seed, seed));
  // The order is recomputed from the recomputed seed: a published seed that does not follow changes nothing.
  const expected = shuffle(seed, roster).map((e) => e.entry_code);
  const published = [...(record.result ?? [])].sort((a, b) => a.position - b.position);
  const mismatch = expected.findIndex((code, i) => published[i]?.entry_code !== code);
  const lengthOk = published.length === expected.length && published.every((r, i) => r.position === i + 1);
  checks.push({
    id: 'order',
    ok: mismatch === -1 && lengthOk,
    ...(mismatch !== -1
      ? {
          detail: `position ${mismatch + 1}`,
          expected: expected[mismatch]!,
          actual: published[mismatch]?.entry_code ?? '',
        }
      : lengthOk
        ? {}
        : { detail: `${published.length} positions published for ${expected.length} entries` }),
  });
  checks.push(
    compare(
      'result_hash',
      draw.result_hash,
      resultHash(
        draw.draw_no,
        published.map((r) => r.entry_code),
      ),
    ),
  );
  return checks;
}

/** An applicant's own line, found from their application number on their own device (nothing is sent). */
export function findApplicant(record: PublicRecord, applicationNo: string) {
  const code = entryCode(record.draw.draw_no, applicationNo);
  const entry = record.roster.find((e) => e.entry_code === code);
  const position = record.result?.find((r) => r.entry_code === code)?.position ?? null;
  const cohortSize = entry ? record.roster.filter((e) => e.cohort_rank === entry.cohort_rank).length : 0;
  return { code, entry: entry ?? null, position, cohortSize };
}
