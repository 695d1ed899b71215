import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import * as store from './store.ts';

const dictType = z.object({ code: z.string(), name_zh: z.string(), name_en: z.string(), source: z.string() });
const dictItem = z.object({
  code: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  sort: z.number().int(),
  parent_code: z.string().nullable(),
});

export const dictionaryRoutes = [
  defineRoute({
    id: 'dictionaries.list',
    method: 'get',
    path: '/api/dictionaries',
    summary: '代码表目录',
    tag: 'dictionaries',
    access: 'public',
    response: z.object({ items: z.array(dictType) }),
    handler: async (ctx) => ({ items: await store.listTypes(ctx.db) }),
  }),
  defineRoute({
    id: 'dictionaries.get',
    method: 'get',
    path: '/api/dictionaries/:type',
    summary: '代码表及其代码项',
    tag: 'dictionaries',
    access: 'public',
    params: z.object({ type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, '代码表编号格式不正确') }),
    response: dictType.extend({ items: z.array(dictItem) }),
    async handler(ctx) {
      const type = await store.findType(ctx.db, ctx.input.params.type);
      if (!type) throw notFound('代码表');
      return { ...type, items: await store.listItems(ctx.db, type.code) };
    },
  }),
];
