/**
 * Subsidies (A.7.5 dues, A.7.6 payments, A.7.7 fund disbursement plans): their shapes (from the server's OpenAPI
 * document) and the calls the views make, so the views never name a route themselves.
 */
import { data, http, type Answer, type RequestBody } from '../api.ts';
import type { paths } from '../api/schema';
import type { Page } from './model.ts';

export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export type Due = Answer<'/api/subsidies/dues', 'get'>['items'][number];
export type Payment = Answer<'/api/subsidies/payments', 'get'>['items'][number];
export type FundPlan = Answer<'/api/subsidies/fund-plans', 'get'>['items'][number];
/** A month's generation: `created` new dues (0 when run before), `total` of the month in the scope. */
export type Generated = Answer<'/api/subsidies/dues/generate', 'post'>;
export type FundPlanBody = RequestBody<'/api/subsidies/fund-plans', 'post'>;
export type FundPlanChanges = RequestBody<'/api/subsidies/fund-plans/{id}', 'patch'>;
export type DuesQuery = NonNullable<paths['/api/subsidies/dues']['get']['parameters']['query']>;
export type PayBody = RequestBody<'/api/subsidies/dues/{id}/pay', 'post'>;
export type PaymentMethod = PayBody['method'];

export function listDues(query: DuesQuery, signal?: AbortSignal): Promise<Page<Due>> {
  return data(http.GET('/api/subsidies/dues', { params: { query }, signal }));
}

/** Generates the month's dues (A.7.5): idempotent, a second run creates 0. */
export function generateDues(year: number, month: number): Promise<Generated> {
  return data(http.POST('/api/subsidies/dues/generate', { body: { year, month } }));
}

export function pay(dueId: number, body: PayBody): Promise<Payment> {
  return data(http.POST('/api/subsidies/dues/{id}/pay', { params: { path: { id: dueId } }, body }));
}

/** Pays every unpaid due of the month in full (those paid already are left alone). */
export function payMonth(
  year: number,
  month: number,
  method: PaymentMethod,
): Promise<Answer<'/api/subsidies/payments/batch', 'post'>> {
  return data(http.POST('/api/subsidies/payments/batch', { body: { year, month, method } }));
}

export function listPayments(
  query: { year: number; month: number; page: number; page_size: number },
  signal?: AbortSignal,
): Promise<Page<Payment>> {
  return data(http.GET('/api/subsidies/payments', { params: { query }, signal }));
}

/** The month's vouchers as one PDF (its dues are then marked printed). */
export async function monthVouchers(year: number, month: number): Promise<Uint8Array> {
  const { data: bytes } = await http.POST('/api/subsidies/dues/vouchers', {
    body: { year, month },
    parseAs: 'arrayBuffer',
  });
  return new Uint8Array(bytes as ArrayBuffer);
}

/** One due's voucher as PDF (marked printed). */
export async function dueVoucher(id: number): Promise<Uint8Array> {
  const { data: bytes } = await http.POST('/api/subsidies/dues/{id}/voucher', {
    params: { path: { id } },
    parseAs: 'arrayBuffer',
  });
  return new Uint8Array(bytes as ArrayBuffer);
}

export function listFundPlans(signal?: AbortSignal): Promise<Page<FundPlan>> {
  return data(
    http.GET('/api/subsidies/fund-plans', { params: { query: { page: 1, page_size: 500 } }, signal }),
  );
}

export function createFundPlan(body: FundPlanBody): Promise<FundPlan> {
  return data(http.POST('/api/subsidies/fund-plans', { body }));
}

export function updateFundPlan(id: number, body: FundPlanChanges): Promise<FundPlan> {
  return data(http.PATCH('/api/subsidies/fund-plans/{id}', { params: { path: { id } }, body }));
}

export async function deleteFundPlan(id: number): Promise<void> {
  await http.DELETE('/api/subsidies/fund-plans/{id}', { params: { path: { id } } });
}
