/**
 * The public record of each draw (/api/portal/lottery…, no login): what anyone needs to re-run it with
 * shared/lottery.ts — and nothing about a person. The roster is entry codes and cohorts; the result is positions
 * and codes. No name, ID number, phone, application number or household id is selected here, and the server
 * secret is selected only of a drawn draw (CASE in SQL): before the draw it never leaves the database.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import type { Db } from '../db/knex.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import { regionPrefix } from '../access/scope.ts';
import { pageQuery, regionCode } from '../shared/validators.ts';
import { DRAW_STATUSES } from './schema.ts';

const TAG = 'lottery';

const drawNoParam = z.object({
  drawNo: z.string().regex(/^YH-\d{4}-\d{6,}$/, '摇号编号形如 YH-2026-000001'),
});

const summaryFields = {
  draw_no: z.string().describe('摇号编号'),
  title: z.string(),
  status: z.enum(DRAW_STATUSES).describe('committed 已公布名单与承诺、drawn 已摇号、cancelled 已撤销'),
  algorithm: z.string().describe('算法（docs/lottery.md）'),
  region_code: z.string(),
  region_name: z.string(),
  plan_no: z.string().describe('配置方案编号'),
  plan_name: z.string(),
  roster_size: z.number().int(),
  scheduled_at: z.string().nullable(),
  committed_at: z.string(),
  drawn_at: z.string().nullable(),
};

const publicSummary = z.object(summaryFields);

export const publicDraw = z.object({
  ...summaryFields,
  roster_hash: z.string().describe('冻结名单的 SHA-256（摇号前公布）'),
  seed_commitment: z.string().describe('服务器密钥的 SHA-256 承诺（摇号前公布）'),
  cohorts: z.array(z.object({ cohort: z.string(), cohort_rank: z.number().int(), size: z.number().int() })),
  contributions: z.array(z.object({ party: z.string(), value: z.string() })).describe('种子贡献（摇号后）'),
  server_secret: z.string().nullable().describe('服务器密钥（摇号后揭示）'),
  seed: z.string().nullable(),
  result_hash: z.string().nullable(),
  cancel_reason: z.string().nullable(),
});

const rosterResponse = z.object({
  draw_no: z.string(),
  items: z.array(
    z.object({
      roster_index: z.number().int(),
      entry_code: z.string().describe('公开编码（由摇号编号与申请编号派生，申请人自行计算）'),
      cohort: z.string(),
      cohort_rank: z.number().int(),
    }),
  ),
});

const resultResponse = z.object({
  draw_no: z.string(),
  items: z.array(
    z.object({
      position: z.number().int(),
      entry_code: z.string(),
      cohort: z.string(),
    }),
  ),
});

const listQuery = z.object({
  region: regionCode.optional().describe('只看该地区及下级'),
  ...pageQuery,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summaries(db: Db) {
  return db('lottery_draws as d')
    .join('allocation_plans as p', 'p.id', 'd.plan_id')
    .join('regions as r', 'r.code', 'd.region_code')
    .select(
      'd.id',
      'd.draw_no',
      'd.title',
      'd.status',
      'd.algorithm',
      'd.region_code',
      'r.name as region_name',
      'p.plan_no',
      'p.name as plan_name',
      'd.roster_size',
      'd.scheduled_at',
      'd.committed_at',
      'd.drawn_at',
    );
}

type SummaryRow = Omit<z.infer<typeof publicSummary>, 'scheduled_at' | 'committed_at' | 'drawn_at'> & {
  id: number;
  scheduled_at: Date | null;
  committed_at: Date;
  drawn_at: Date | null;
};

const presentSummary = ({ id: _id, ...row }: SummaryRow) => ({
  ...row,
  scheduled_at: iso(row.scheduled_at),
  committed_at: row.committed_at.toISOString(),
  drawn_at: iso(row.drawn_at),
});

async function publicRecord(db: Db, drawNo: string) {
  const row = await summaries(db).where('d.draw_no', drawNo).first<
    | (SummaryRow & {
        roster_hash: string;
        seed_commitment: string;
        contributions: { party: string; value: string }[];
        server_secret: string | null;
        seed: string | null;
        result_hash: string | null;
        cancel_reason: string | null;
      })
    | undefined
  >('d.roster_hash', 'd.seed_commitment', 'd.contributions', db.raw(`CASE WHEN d.status = 'drawn' THEN d.server_secret END AS server_secret`), 'd.seed', 'd.result_hash', 'd.cancel_reason');
  if (!row) throw notFound('摇号');
  return row;
}

/** A drawn or cancelled record never changes again; a committed one changes at the draw, so it is revalidated. */
function cache(koa: Context, final: boolean): void {
  koa.set('Cache-Control', final ? 'public, max-age=300' : 'no-cache');
}

export const publicLotteryRoutes: RouteDef[] = [
  defineRoute({
    id: 'lottery.portal.list',
    method: 'get',
    path: '/api/portal/lottery',
    summary: '公众门户：摇号公示（名单哈希与承诺、摇号结果，可公开验证）',
    tag: TAG,
    access: 'public',
    query: listQuery,
    response: z.object({ items: z.array(publicSummary), total: z.number().int() }),
    async handler(ctx) {
      const { region, page, page_size } = ctx.input.query;
      const query = summaries(ctx.db);
      if (region) void query.where('d.region_code', 'like', `${regionPrefix(region)}%`);
      const [{ total } = { total: 0 }] = await query
        .clone()
        .clearSelect()
        .count<{ total: number }[]>({ total: '*' });
      const rows = await query
        .orderBy('d.id', 'desc')
        .limit(page_size)
        .offset((page - 1) * page_size);
      cache(ctx.koa, false);
      return { items: (rows as SummaryRow[]).map(presentSummary), total: Number(total) };
    },
  }),
  defineRoute({
    id: 'lottery.portal.get',
    method: 'get',
    path: '/api/portal/lottery/:drawNo',
    summary: '公众门户：摇号记录（算法、名单规模与哈希、种子承诺；摇号后另有贡献、密钥、种子与结果哈希）',
    tag: TAG,
    access: 'public',
    params: drawNoParam,
    response: publicDraw,
    async handler(ctx) {
      const row = await publicRecord(ctx.db, ctx.input.params.drawNo);
      const cohorts = await ctx
        .db('lottery_entries')
        .where({ draw_id: row.id })
        .groupBy('cohort_rank', 'cohort')
        .orderBy('cohort_rank')
        .select('cohort', 'cohort_rank', ctx.db.raw('count(*)::int AS size'));
      cache(ctx.koa, row.status !== 'committed');
      return { ...presentSummary(row), cohorts, ...pickReveal(row) };
    },
  }),
  defineRoute({
    id: 'lottery.portal.roster',
    method: 'get',
    path: '/api/portal/lottery/:drawNo/roster',
    summary: '公众门户：冻结名单（公开编码与分组，按名单序号；不含任何个人信息）',
    tag: TAG,
    access: 'public',
    params: drawNoParam,
    response: rosterResponse,
    async handler(ctx) {
      const row = await publicRecord(ctx.db, ctx.input.params.drawNo);
      const items = await ctx
        .db('lottery_entries')
        .where({ draw_id: row.id })
        .orderBy('roster_index')
        .select('roster_index', 'entry_code', 'cohort', 'cohort_rank');
      // The roster never changes once committed.
      cache(ctx.koa, true);
      return { draw_no: row.draw_no, items };
    },
  }),
  defineRoute({
    id: 'lottery.portal.result',
    method: 'get',
    path: '/api/portal/lottery/:drawNo/result',
    summary: '公众门户：摇号结果（顺序与公开编码；摇号前为空）',
    tag: TAG,
    access: 'public',
    params: drawNoParam,
    response: resultResponse,
    async handler(ctx) {
      const row = await publicRecord(ctx.db, ctx.input.params.drawNo);
      const items = await ctx
        .db('lottery_results as r')
        .join('lottery_entries as e', function () {
          this.on('e.draw_id', 'r.draw_id').andOn('e.roster_index', 'r.roster_index');
        })
        .where('r.draw_id', row.id)
        .orderBy('r.position')
        .select('r.position', 'e.entry_code', 'e.cohort');
      cache(ctx.koa, row.status !== 'committed');
      return { draw_no: row.draw_no, items };
    },
  }),
];

function pickReveal(row: Awaited<ReturnType<typeof publicRecord>>) {
  return {
    roster_hash: row.roster_hash,
    seed_commitment: row.seed_commitment,
    contributions: row.contributions,
    server_secret: row.status === 'drawn' ? row.server_secret : null,
    seed: row.seed,
    result_hash: row.result_hash,
    cancel_reason: row.cancel_reason,
  };
}
