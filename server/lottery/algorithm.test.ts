/**
 * hss-lottery-v1 as specified in docs/lottery.md: the worked example there (also reproduced by the independent
 * Python reference in the same document), the PRNG's stream and rejection sampling, cohorts, and the size the
 * issue asks for (100,000 entries).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cohortLabel,
  commitment,
  entryCode,
  normaliseApplicationNo,
  resultHash,
  resultText,
  rosterHash,
  rosterText,
  runLottery,
  Sha256Counter,
  shuffle,
  type RosterEntry,
} from '../../shared/lottery.ts';
import { findApplicant, verifyRecord } from '../../shared/lottery-verify.ts';

const DRAW = 'YH-2026-000001';
const SECRET = `${'00'.repeat(31)}01`;
const CONTRIBUTIONS = [
  { party: '申请人代表1', value: '7' },
  { party: '公证员', value: '2026' },
];

/** The worked example of docs/lottery.md: five applications, two cohorts. */
function example(): RosterEntry[] {
  const apps = ['SQ-2026-0001', 'SQ-2026-0002', 'SQ-2026-0003', 'SQ-2026-0004', 'SQ-2026-0005'];
  const ranks = [1, 1, 2, 2, 2];
  return apps
    .map((a, i) => ({ code: entryCode(DRAW, a), rank: ranks[i]! }))
    .sort((x, y) => x.rank - y.rank || (x.code < y.code ? -1 : 1))
    .map((l, i) => ({
      roster_index: i,
      entry_code: l.code,
      cohort_rank: l.rank,
      cohort: cohortLabel(l.rank),
    }));
}

const nodeSha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('hss-lottery-v1', () => {
  it('reproduces the worked example of docs/lottery.md', () => {
    expect(entryCode(DRAW, 'SQ-2026-0001')).toBe('EDPG5-GVTHZ');
    const roster = example();
    const run = runLottery(DRAW, roster, CONTRIBUTIONS, SECRET);
    expect(commitment(SECRET)).toBe('ec4916dd28fc4c10d78e287ca5d9cc51ee1ae73cbfde08c6b37324cbfaac8bc5');
    expect(run.rosterHash).toBe('dee8cacb2b7622cf892f0fccc7bcac805f793cfc15dc2f0f6dd5c602b7a5bfe5');
    expect(run.seed).toBe('bc544ae96292b12b7177856dd76c8a39a9f31f0451732f27d2fd9094a00f3aad');
    expect(run.order.map((e) => e.entry_code)).toEqual([
      'EDPG5-GVTHZ',
      'NN2AC-G9K6M',
      '5VQ5Y-T6XAH',
      '3XVDE-9HCFS',
      '221BT-3HKMW',
    ]);
    expect(run.resultHash).toBe('89959ad9d937adefa14af485e11da7d98ac5c3c215d8a32fcb6f9d9f3dba8f75');
  });

  it('hashes exactly the canonical texts (checked with an independent SHA-256)', () => {
    const roster = example();
    expect(rosterHash(DRAW, roster)).toBe(nodeSha(rosterText(DRAW, roster)));
    const codes = roster.map((e) => e.entry_code);
    expect(resultHash(DRAW, codes)).toBe(nodeSha(resultText(DRAW, codes)));
    expect(commitment(SECRET)).toBe(nodeSha(Buffer.from(SECRET, 'hex')));
  });

  it('derives the same entry code from what an applicant may type', () => {
    const code = entryCode(DRAW, 'SQ-2026-0001');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(entryCode(DRAW, ' sq-2026-0001 ')).toBe(code);
    expect(entryCode(DRAW, 'ＳＱ－２０２６－０００１')).toBe(code); // full-width, as a Chinese IME types it
    expect(normaliseApplicationNo('ａｂ 12')).toBe('AB12');
    expect(entryCode('YH-2026-000002', 'SQ-2026-0001')).not.toBe(code);
  });

  it('reads the counter-mode stream: block k = sha256(seed ‖ k as 8 bytes big-endian)', () => {
    const seed = '00'.repeat(32);
    const prng = new Sha256Counter(seed);
    const words = Array.from({ length: 9 }, () => prng.next32());
    const block0 = createHash('sha256').update(Buffer.alloc(40)).digest();
    const counter1 = Buffer.alloc(40);
    counter1[39] = 1;
    const block1 = createHash('sha256').update(counter1).digest();
    expect(words.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => block0.readUInt32BE(i * 4)));
    expect(words[8]).toBe(block1.readUInt32BE(0));
  });

  it('draws uniform integers by rejection, without modulo bias', () => {
    // n = 3·2^30: a plain x mod n would give values below 2^30 twice as often; rejection gives each third a third.
    const prng = new Sha256Counter('ab'.repeat(32));
    const n = 3 * 2 ** 30;
    const thirds = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) thirds[Math.floor(prng.below(n) / 2 ** 30)]!++;
    for (const count of thirds) expect(Math.abs(count - 10_000)).toBeLessThan(450);
    const small = new Sha256Counter('cd'.repeat(32));
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[small.below(6)]!++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(450);
  });

  it('shuffles within cohorts only, cohorts in rank order', () => {
    const roster: RosterEntry[] = Array.from({ length: 300 }, (_, i) => ({
      roster_index: i,
      entry_code: `C${i}`,
      cohort_rank: 1 + Math.floor(i / 100),
      cohort: cohortLabel(1 + Math.floor(i / 100)),
    }));
    const order = shuffle('12'.repeat(32), roster);
    expect(order.map((e) => e.cohort_rank)).toEqual(roster.map((e) => e.cohort_rank));
    expect(new Set(order.map((e) => e.entry_code)).size).toBe(300);
    expect(order.slice(0, 100).map((e) => e.roster_index)).not.toEqual(
      roster.slice(0, 100).map((e) => e.roster_index),
    );
    expect(shuffle('12'.repeat(32), roster)).toEqual(order);
    expect(shuffle('13'.repeat(32), roster)).not.toEqual(order);
  });

  it('draws and verifies 100,000 entries quickly', () => {
    const roster: RosterEntry[] = Array.from({ length: 100_000 }, (_, i) => ({
      roster_index: i,
      entry_code: entryCode(DRAW, `SQ-${i}`),
      cohort_rank: 1 + Math.floor(i / 25_000),
      cohort: cohortLabel(1 + Math.floor(i / 25_000)),
    }));
    let started = performance.now();
    const run = runLottery(DRAW, roster, CONTRIBUTIONS, SECRET);
    const drawMs = performance.now() - started;
    started = performance.now();
    const checks = verifyRecord({
      draw: {
        draw_no: DRAW,
        status: 'drawn',
        algorithm: 'hss-lottery-v1',
        roster_size: roster.length,
        roster_hash: run.rosterHash,
        seed_commitment: commitment(SECRET),
        contributions: CONTRIBUTIONS,
        server_secret: SECRET,
        seed: run.seed,
        result_hash: run.resultHash,
      },
      roster,
      result: run.order.map((e, i) => ({ position: i + 1, entry_code: e.entry_code })),
    });
    const verifyMs = performance.now() - started;
    console.log(`100,000 entries: draw ${drawMs.toFixed(0)} ms, verify ${verifyMs.toFixed(0)} ms`);
    expect(checks.every((c) => c.ok)).toBe(true);
    // Well under a second on an idle machine; the bound leaves room for a shared, loaded test machine.
    expect(drawMs).toBeLessThan(3000);
  });

  it('imports nothing but @noble/hashes and itself, so the browser runs the same file', () => {
    for (const file of ['lottery.ts', 'lottery-verify.ts']) {
      const source = readFileSync(new URL(`../../shared/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(
        imports.every((i) => /^(@noble\/hashes\/(sha2|utils)|\.\/lottery\.ts)$/.test(i!)),
        file,
      ).toBe(true);
      expect(source).not.toMatch(/\b(process|Buffer|require|window|document)\b/);
    }
  });

  it('finds an applicant by their application number alone', () => {
    const roster = example();
    const run = runLottery(DRAW, roster, CONTRIBUTIONS, SECRET);
    const record = {
      draw: {
        draw_no: DRAW,
        status: 'drawn' as const,
        algorithm: 'hss-lottery-v1',
        roster_size: 5,
        roster_hash: run.rosterHash,
        seed_commitment: commitment(SECRET),
        contributions: CONTRIBUTIONS,
        server_secret: SECRET,
        seed: run.seed,
        result_hash: run.resultHash,
      },
      roster,
      result: run.order.map((e, i) => ({ position: i + 1, entry_code: e.entry_code })),
    };
    expect(findApplicant(record, 'sq-2026-0003')).toMatchObject({
      code: '5VQ5Y-T6XAH',
      entry: { cohort: '第2组' },
      position: 3,
      cohortSize: 3,
    });
    expect(findApplicant(record, 'SQ-2026-9999').entry).toBeNull();
  });
});
