/**
 * hss-lottery-v1: the publicly verifiable lottery (CJJ/T 196 A.7.1 配给顺序; issue 7 item 4), specified in
 * docs/lottery.md. Pure TypeScript over @noble/hashes — no Node or DOM API — so the very same code runs in the
 * server that draws, in `npm run verify-lottery` and in the browser of anyone checking the draw.
 *
 * Before the draw the office publishes the frozen roster (entry codes and cohorts, its hash) and a commitment
 * sha256(secret) to a server secret. At the draw, representatives key in contributions no single party controls;
 * the secret is revealed; seed = sha256(draw, roster hash, contributions, secret); the order is a seeded
 * Fisher–Yates shuffle within each cohort over SHA-256 in counter mode. Every step is re-computable from the
 * published record.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';

export const ALGORITHM = 'hss-lottery-v1';

/** One line of the frozen roster, as published (no personal data: the code is derived, not stored elsewhere). */
export interface RosterEntry {
  roster_index: number;
  entry_code: string;
  cohort: string;
  cohort_rank: number;
}

/** A seed contribution keyed in at the draw (e.g. digits by an applicants' representative). */
export interface Contribution {
  party: string;
  value: string;
}

const hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

/** What an applicant types, made comparable: full-width to ASCII (NFKC), no blanks, upper case. */
export function normaliseApplicationNo(value: string): string {
  // Plain printable ASCII (the usual case, and every code of a 100,000-household freeze) needs no NFKC pass.
  const ascii = /^[\x21-\x7e]*$/.test(value) ? value : value.normalize('NFKC').replace(/\s+/g, '');
  return ascii.toUpperCase();
}

/** Crockford's base32 alphabet: no I, L, O, U, so a code read aloud or copied by hand is not misread. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The public entry code of an application in a draw: the first 50 bits of
 * sha256("hss-lottery-v1|entry|<draw_no>|<normalised application no>") in Crockford base32, as `XXXXX-XXXXX`.
 * Each applicant computes their own from their application number; the roster shows codes only.
 */
export function entryCode(drawNo: string, applicationNo: string): string {
  const digest = sha256(utf8ToBytes(`${ALGORITHM}|entry|${drawNo}|${normaliseApplicationNo(applicationNo)}`));
  let out = '';
  for (let k = 0; k < 10; k++) {
    const bit = k * 5;
    const byte = bit >> 3;
    const pair = (digest[byte]! << 8) | digest[byte + 1]!;
    out += BASE32[(pair >> (11 - (bit & 7))) & 31];
    if (k === 4) out += '-';
  }
  return out;
}

/** Cohort labels as published and as written to allocation_orders.group_name (配给分组). */
export const cohortLabel = (rank: number) => `第${rank}组`;

/** The canonical roster text (UTF-8, LF line ends, trailing LF): entries in roster_index order. */
export function rosterText(drawNo: string, entries: readonly RosterEntry[]): string {
  const lines = [`${ALGORITHM} roster`, `draw_no=${drawNo}`, `size=${entries.length}`];
  for (const e of entries) lines.push(`${e.roster_index}\t${e.cohort_rank}\t${e.cohort}\t${e.entry_code}`);
  return `${lines.join('\n')}\n`;
}

/** sha256 of rosterText, hashed in slices so 100,000 lines never make one multi-megabyte string. */
export function rosterHash(drawNo: string, entries: readonly RosterEntry[]): string {
  const hasher = sha256.create();
  let chunk = `${ALGORITHM} roster\ndraw_no=${drawNo}\nsize=${entries.length}\n`;
  for (const e of entries) {
    chunk += `${e.roster_index}\t${e.cohort_rank}\t${e.cohort}\t${e.entry_code}\n`;
    if (chunk.length > 32768) {
      hasher.update(utf8ToBytes(chunk));
      chunk = '';
    }
  }
  hasher.update(utf8ToBytes(chunk));
  return bytesToHex(hasher.digest());
}

/** The commitment to the server secret (64 hex digits = 32 bytes): sha256 over the secret's raw bytes. */
export const commitment = (secretHex: string) => bytesToHex(sha256(hexToBytes(secretHex)));

/** The canonical seed text: the draw, the committed roster, the contributions in order, the revealed secret. */
export function seedText(
  drawNo: string,
  rosterHashHex: string,
  contributions: readonly Contribution[],
  secretHex: string,
): string {
  const lines = [
    `${ALGORITHM} seed`,
    `draw_no=${drawNo}`,
    `roster_hash=${rosterHashHex}`,
    `contributions=${contributions.length}`,
    ...contributions.map((c, i) => `${i + 1}\t${c.party}\t${c.value}`),
    `secret=${secretHex}`,
  ];
  return `${lines.join('\n')}\n`;
}

export const deriveSeed = (
  drawNo: string,
  rosterHashHex: string,
  contributions: readonly Contribution[],
  secretHex: string,
) => hex(seedText(drawNo, rosterHashHex, contributions, secretHex));

/**
 * The PRNG: SHA-256 in counter mode. Block k = sha256(seed bytes ‖ k as 8-byte big-endian), k = 0, 1, …; the
 * stream is the blocks' bytes in order, read as big-endian 32-bit words.
 */
export class Sha256Counter {
  private readonly input = new Uint8Array(40);
  private readonly view = new DataView(this.input.buffer);
  private block: Uint8Array = new Uint8Array(0);
  private offset = 32;
  private counter = 0;

  constructor(seedHex: string) {
    const seed = hexToBytes(seedHex);
    if (seed.length !== 32) throw new Error('the seed must be 32 bytes (64 hex digits)');
    this.input.set(seed);
  }

  /** The next 32-bit word of the stream. */
  next32(): number {
    if (this.offset === 32) {
      // Counters stay far below 2^53: the high word is counter / 2^32.
      this.view.setUint32(32, Math.floor(this.counter / 0x100000000));
      this.view.setUint32(36, this.counter >>> 0);
      this.block = sha256(this.input);
      this.counter++;
      this.offset = 0;
    }
    const b = this.block;
    const o = this.offset;
    this.offset += 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  /**
   * A uniform integer in [0, n), 1 ≤ n ≤ 2^32, by rejection: words at or above the largest multiple of n below
   * 2^32 are drawn again, so no value is favoured (no modulo bias).
   */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new Error(`below(${n}): out of range`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.next32();
      if (x < limit) return x % n;
    }
  }
}

/**
 * The draw: cohorts in ascending cohort_rank; within each, its entries in ascending roster_index are shuffled
 * by Fisher–Yates (i from last down to 1, j = below(i + 1), swap) over one PRNG stream shared by all cohorts in
 * that order. Returns the roster entries in drawn order (position 1 first).
 */
export function shuffle(seedHex: string, entries: readonly RosterEntry[]): RosterEntry[] {
  const prng = new Sha256Counter(seedHex);
  const sorted = entries.every((e, i) => i === 0 || entries[i - 1]!.roster_index < e.roster_index)
    ? entries
    : [...entries].sort((a, b) => a.roster_index - b.roster_index);
  const cohorts = new Map<number, RosterEntry[]>();
  for (const e of sorted) {
    const list = cohorts.get(e.cohort_rank);
    if (list) list.push(e);
    else cohorts.set(e.cohort_rank, [e]);
  }
  const order: RosterEntry[] = [];
  for (const rank of [...cohorts.keys()].sort((a, b) => a - b)) {
    const a = cohorts.get(rank)!;
    for (let i = a.length - 1; i >= 1; i--) {
      const j = prng.below(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    for (const e of a) order.push(e);
  }
  return order;
}

/** The canonical result text: positions from 1 with the entry code drawn there. */
export function resultText(drawNo: string, codesInOrder: readonly string[]): string {
  const lines = [`${ALGORITHM} result`, `draw_no=${drawNo}`, `size=${codesInOrder.length}`];
  codesInOrder.forEach((code, i) => lines.push(`${i + 1}\t${code}`));
  return `${lines.join('\n')}\n`;
}

/** sha256 of resultText, hashed in slices. */
export function resultHash(drawNo: string, codesInOrder: readonly string[]): string {
  const hasher = sha256.create();
  let chunk = `${ALGORITHM} result\ndraw_no=${drawNo}\nsize=${codesInOrder.length}\n`;
  for (let i = 0; i < codesInOrder.length; i++) {
    chunk += `${i + 1}\t${codesInOrder[i]}\n`;
    if (chunk.length > 32768) {
      hasher.update(utf8ToBytes(chunk));
      chunk = '';
    }
  }
  hasher.update(utf8ToBytes(chunk));
  return bytesToHex(hasher.digest());
}

/** Everything a draw computes from its committed roster, its contributions and its secret. */
export function runLottery(
  drawNo: string,
  entries: readonly RosterEntry[],
  contributions: readonly Contribution[],
  secretHex: string,
) {
  const roster = rosterHash(drawNo, entries);
  const seed = deriveSeed(drawNo, roster, contributions, secretHex);
  const order = shuffle(seed, entries);
  return {
    rosterHash: roster,
    seed,
    order,
    resultHash: resultHash(
      drawNo,
      order.map((e) => e.entry_code),
    ),
  };
}
