/**
 * Re-runs a published draw (hss-lottery-v1, docs/lottery.md) with the same shared algorithm the server used and
 * checks every published value: roster hash, commitment, seed, order and result hash. Exits 1 on any mismatch.
 *
 *   npm run verify-lottery -- YH-2026-000001 [--url http://127.0.0.1:3000]
 *   npm run verify-lottery -- --file draw.json        (an offline copy: {"draw", "roster", "result"}, see the doc)
 *   npm run verify-lottery -- YH-2026-000001 --save draw.json   (also keeps the downloaded record)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHECKS, verifyRecord, type CheckId, type PublicRecord } from '../shared/lottery-verify.ts';

const LABELS: Record<CheckId, string> = {
  algorithm: '算法标识 algorithm = hss-lottery-v1',
  roster_size: '名单人数 roster size',
  roster_form: '名单格式 roster well-formed (indexes, unique codes, cohorts in order)',
  roster_hash: '名单哈希 roster hash',
  commitment: '密钥承诺 sha256(secret) = commitment',
  seed: '种子 seed = sha256(draw, roster hash, contributions, secret)',
  order: '顺序 order = Fisher–Yates per cohort over SHA-256 counter PRNG',
  result_hash: '结果哈希 result hash',
};

async function download(base: string, drawNo: string): Promise<PublicRecord> {
  const get = async (path: string) => {
    const response = await fetch(
      `${base.replace(/\/$/, '')}/api/portal/lottery/${encodeURIComponent(drawNo)}${path}`,
    );
    if (!response.ok) throw new Error(`GET ${path || '/'}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const [draw, roster, result] = await Promise.all([get(''), get('/roster'), get('/result')]);
  return {
    draw: draw as unknown as PublicRecord['draw'],
    roster: roster.items as PublicRecord['roster'],
    result: result.items as PublicRecord['result'],
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.HSS_URL ?? 'http://127.0.0.1:8080' },
      file: { type: 'string' },
      save: { type: 'string' },
    },
  });
  const drawNo = positionals[0];
  if (!values.file && !drawNo) {
    console.error('usage: npm run verify-lottery -- <draw_no> [--url URL] [--save FILE] | --file FILE');
    return 2;
  }
  const record = values.file
    ? (JSON.parse(readFileSync(values.file, 'utf8')) as PublicRecord)
    : await download(values.url, drawNo!);
  if (values.save) writeFileSync(values.save, JSON.stringify(record));
  if (drawNo && record.draw.draw_no !== drawNo)
    console.warn(`note: the record is of ${record.draw.draw_no}, not ${drawNo}`);

  const { draw } = record;
  console.log(`摇号 ${draw.draw_no}  status ${draw.status}  algorithm ${draw.algorithm}`);
  console.log(`名单 ${record.roster.length} entries  roster_hash ${draw.roster_hash}`);
  console.log(`承诺 commitment ${draw.seed_commitment}`);
  if (draw.status === 'drawn') {
    for (const c of draw.contributions) console.log(`贡献 ${c.party}: ${c.value}`);
    console.log(
      `密钥 secret ${draw.server_secret}\n种子 seed ${draw.seed}\n结果 result_hash ${draw.result_hash}`,
    );
  }
  console.log('');
  const checks = verifyRecord(record);
  for (const check of checks) {
    const mark = check.ok === null ? '·' : check.ok ? '✔' : '✘';
    console.log(`${mark} ${LABELS[check.id]}${check.ok === null ? ' — 摇号后可验证 (after the draw)' : ''}`);
    if (check.ok === false) {
      if (check.detail) console.log(`    ${check.detail}`);
      if (check.expected !== undefined) console.log(`    published:  ${check.expected}`);
      if (check.actual !== undefined) console.log(`    recomputed: ${check.actual}`);
    }
  }
  const failed = checks.filter((c) => c.ok === false).length;
  const pending = checks.filter((c) => c.ok === null).length;
  console.log(
    failed
      ? `\n✘ ${failed} of ${CHECKS.length} checks FAILED: the published record does not reproduce`
      : pending
        ? `\n✔ the committed roster checks out; ${pending} checks wait for the draw`
        : `\n✔ all ${CHECKS.length} checks passed: the order reproduces exactly`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`verify-lottery: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
