/**
 * /api/contracts: contracts (A.7.3) — list, detail, draw up from a reviewed selection or a subsidy plan's
 * household, sign, make effective, renew, terminate, the auto-renewal run — their PDFs, and the electronic
 * archive of signed scans (A.7.4). Reading needs `contracts.read`, changing `contracts.manage`; all in the
 * caller's region.
 */
import { z } from 'zod';
import { defineRoute, type RouteContext, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import type { Tx } from '../db/knex.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { idParam } from '../shared/validators.ts';
import { archiveMaxBytes } from '../config.ts';
import { pageOfSchema } from '../spatial/features.ts';
import { pdfResponse as pdfSchema } from '../documents/schema.ts';
import { pdfResponse } from '../documents/send.ts';
import { documentById } from '../documents/store.ts';
import { ARCHIVE_MEDIA_TYPES } from '../admission/archive.ts';
import { addContractArchive, listContractArchive, openContractArchive } from './archive.ts';
import { contractLabel } from './document.ts';
import { canSeePersons, presentArchive, presentContract } from './presenter.ts';
import {
  archiveItem,
  archiveQuery,
  autoRenewBody,
  autoRenewResponse,
  contractResponse,
  createContractBody,
  effectiveBody,
  listContractsQuery,
  renewBody,
  signBody,
  terminateBody,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const TAG = 'contracts';
const ONE = '/api/contracts/:id';
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const onContract = {
  tag: TAG,
  params: idParam,
  scopedEntity: 'security_contracts',
  response: contractResponse,
};

type Ctx = RouteContext<{ id: number }, unknown, unknown>;
/** A write to the contract `:id`, answered with the contract as it is afterwards. */
const write = (ctx: Ctx, work: (trx: Tx, scope: Scope, id: number) => Promise<store.ContractRow>) =>
  ctx.write(async (trx) => presentContract(await work(trx, scopeOf(ctx), ctx.input.params.id), scopeOf(ctx)));

export const contractRoutes: RouteDef[] = [
  defineRoute({
    id: 'contracts.list',
    method: 'get',
    path: '/api/contracts',
    summary: '合同列表（本辖区；按状态、类型、家庭、方案、即将届满、编号过滤；无个人信息权限时签约人脱敏）',
    tag: TAG,
    access: 'contracts.read',
    query: listContractsQuery,
    response: pageOfSchema(contractResponse),
    async handler(ctx) {
      const { rows, total } = await store.listContracts(ctx.db, scopeOf(ctx), ctx.input.query);
      const { page, page_size } = ctx.input.query;
      return { items: rows.map((r) => presentContract(r, scopeOf(ctx))), total, page, page_size };
    },
  }),
  defineRoute({
    id: 'contracts.create',
    method: 'post',
    path: '/api/contracts',
    summary:
      '草拟合同：配租/配售合同取自已审核的有效选房（月租金取自房屋，租期缺省 3 年），补贴合同取自已发布货币补贴方案的保障对象；生成合同编号与合同文本 PDF',
    tag: TAG,
    access: 'contracts.manage',
    body: createContractBody,
    status: 201,
    response: contractResponse,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        presentContract(await service.createContract(trx, scopeOf(ctx), ctx.input.body), scopeOf(ctx)),
      ),
  }),
  defineRoute({
    id: 'contracts.auto_renew',
    method: 'post',
    path: '/api/contracts/auto-renew',
    summary:
      '自动续签：本辖区已生效、约定自动续签且有效期在 N 天内届满的合同各续签一期（重复执行不会重复续签）',
    tag: TAG,
    access: 'contracts.manage',
    body: autoRenewBody,
    response: autoRenewResponse,
    handler: (ctx) => ctx.write((trx) => service.autoRenew(trx, scopeOf(ctx), ctx.input.body)),
  }),
  defineRoute({
    id: 'contracts.archive.file',
    method: 'get',
    path: '/api/contracts/archive-files/:id',
    summary: '查看合同电子档案文件（按识别出的类型在浏览器内显示）',
    tag: TAG,
    access: 'contracts.read',
    params: idParam,
    scopedEntity: 'contract_archives',
    response: z.string().describe('文件内容（application/pdf、image/jpeg 或 image/png）'),
    async handler(ctx) {
      const { row, stream } = await openContractArchive(
        ctx.db,
        scopeOf(ctx),
        ctx.config.archive.dir,
        ctx.input.params.id,
      );
      ctx.koa.type = row.media_type;
      ctx.koa.length = row.size_bytes;
      ctx.koa.set(
        'Content-Disposition',
        `inline; filename="contract-archive-${row.id}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      );
      ctx.koa.set('X-Content-Type-Options', 'nosniff');
      ctx.koa.set('Cache-Control', 'private, no-store');
      return stream;
    },
  }),
  defineRoute({
    id: 'contracts.get',
    method: 'get',
    path: ONE,
    summary: '合同详情',
    ...onContract,
    access: 'contracts.read',
    async handler(ctx) {
      const contract = await store.findContract(ctx.db, scopeOf(ctx), ctx.input.params.id);
      if (!contract) throw notFound(service.CONTRACT_LABEL);
      return presentContract(contract, scopeOf(ctx));
    },
  }),
  defineRoute({
    id: 'contracts.sign',
    method: 'post',
    path: `${ONE}/sign`,
    summary: '合同签署（草拟 → 已签署，记合同签署时间；其他状态 409）',
    ...onContract,
    access: 'contracts.manage',
    body: signBody,
    handler: (ctx) => write(ctx, (trx, scope, id) => service.signContract(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'contracts.effective',
    method: 'post',
    path: `${ONE}/effective`,
    summary:
      '合同生效（已签署 → 已生效，记合同生效时间；登记簿记为保障中，配租配售房屋记为已入住；其他状态 409）',
    ...onContract,
    access: 'contracts.manage',
    body: effectiveBody,
    handler: (ctx) => write(ctx, (trx, scope, id) => service.makeEffective(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'contracts.renew',
    method: 'post',
    path: `${ONE}/renew`,
    summary: '续签（已生效的配租、补贴合同：新合同自原合同届满次日起生效，原合同记为已续签；答复新合同）',
    ...onContract,
    access: 'contracts.manage',
    body: renewBody,
    status: 201,
    handler: (ctx) => write(ctx, (trx, scope, id) => service.renewContract(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'contracts.terminate',
    method: 'post',
    path: `${ONE}/terminate`,
    summary:
      '终止合同（记合同失效时间与原因；配租合同终止不自动收回房屋，房源退回属配后管理；补贴自下次生成起不再应发）',
    ...onContract,
    access: 'contracts.manage',
    body: terminateBody,
    handler: (ctx) =>
      write(ctx, (trx, scope, id) => service.terminateContract(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'contracts.pdf',
    method: 'get',
    path: `${ONE}/pdf`,
    summary: '合同文本 PDF（政府文书格式，含签约人身份证号：须有个人信息权限）',
    tag: TAG,
    params: idParam,
    scopedEntity: 'security_contracts',
    access: 'contracts.read',
    response: pdfSchema,
    produces: 'application/pdf',
    async handler(ctx) {
      const contract = await store.findContract(ctx.db, scopeOf(ctx), ctx.input.params.id);
      if (!contract) throw notFound(service.CONTRACT_LABEL);
      const document = contract.document_id ? await documentById(ctx.db, contract.document_id) : undefined;
      if (!document) throw notFound('合同文本');
      // The signed text carries full names and ID numbers; the API's masking cannot apply to it.
      if (!canSeePersons(scopeOf(ctx))) throw forbidden('合同文本含签约人身份证号，须有查看个人信息的权限');
      return pdfResponse(
        ctx.koa,
        document.content,
        {
          ascii: `contract-${contract.contract_no}`,
          zh: `${contractLabel(contract.contract_type)}-${contract.contract_no}`,
        },
        { sha256: document.sha256 },
      );
    },
  }),
  defineRoute({
    id: 'contracts.archive.list',
    method: 'get',
    path: `${ONE}/archive`,
    summary: '合同电子档案列表（A.7.4）',
    tag: TAG,
    params: idParam,
    scopedEntity: 'security_contracts',
    access: 'contracts.read',
    response: z.object({ items: z.array(archiveItem) }),
    handler: async (ctx) => ({
      items: (await listContractArchive(ctx.db, scopeOf(ctx), ctx.input.params.id)).map(presentArchive),
    }),
  }),
  defineRoute({
    id: 'contracts.archive.upload',
    method: 'post',
    path: `${ONE}/archive`,
    summary:
      '上传签字合同扫描件（PDF、JPEG、PNG，按文件内容识别类型；与准入电子档案同一存储，按 SHA-256 存放）',
    tag: TAG,
    params: idParam,
    scopedEntity: 'security_contracts',
    access: 'contracts.manage',
    query: archiveQuery,
    upload: { types: [...ARCHIVE_MEDIA_TYPES, 'application/octet-stream'], limit: archiveMaxBytes() },
    body: z.instanceof(Buffer),
    status: 201,
    response: archiveItem,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        presentArchive(
          await addContractArchive(
            trx,
            scopeOf(ctx),
            ctx.config.archive,
            ctx.input.params.id,
            ctx.input.query,
            ctx.input.body,
          ),
        ),
      ),
  }),
];
