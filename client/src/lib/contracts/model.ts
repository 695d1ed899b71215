/**
 * Contracts (A.7.3, A.7.4): their shapes (from the server's OpenAPI document), states and the calls the views
 * make, so the views never name a route themselves.
 */
import { data, http, type Answer, type RequestBody } from '../api.ts';
import type { paths } from '../api/schema';

export const CONTRACT_TYPES = ['rental', 'sale', 'subsidy'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
export const CONTRACT_STATUSES = ['draft', 'signed', 'effective', 'renewed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const PAYMENT_METHODS = ['bank', 'cash', 'rent_offset'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type Contract = Answer<'/api/contracts/{id}', 'get'>;
export type ContractPage = Answer<'/api/contracts', 'get'>;
export type ArchiveFile = Answer<'/api/contracts/{id}/archive', 'get'>['items'][number];
export type CreateBody = RequestBody<'/api/contracts', 'post'>;
/** A reviewed, active unit selection (A.7.2): what a rental or sale contract is drawn up from. */
export type SelectionSource = Answer<'/api/selection/selections', 'get'>['items'][number];
/** A published subsidy plan (A.6.5) and its households still planned (A.6.6): a subsidy contract's source. */
export type SubsidyPlan = Answer<'/api/allocation/plans', 'get'>['items'][number];
export type PlanHousehold = Answer<'/api/allocation/plans/{id}/households', 'get'>['items'][number];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export type ContractFilters = NonNullable<paths['/api/contracts']['get']['parameters']['query']>;

export type Action = 'sign' | 'effective' | 'renew' | 'terminate';

/**
 * What may be done to a contract in each state (10.2.1 item 2), as the database's guard allows: the server is the
 * judge and answers 409 otherwise. A sale has no term, so it is never renewed.
 */
export function actionsFor(contract: Pick<Contract, 'status' | 'contract_type'>): Action[] {
  switch (contract.status) {
    case 'draft':
      return ['sign', 'terminate'];
    case 'signed':
      return ['effective', 'terminate'];
    case 'effective':
      return contract.contract_type === 'sale' ? ['terminate'] : ['renew', 'terminate'];
    case 'renewed':
    case 'terminated':
      return [];
  }
}

export function listContracts(query: ContractFilters, signal?: AbortSignal): Promise<ContractPage> {
  return data(http.GET('/api/contracts', { params: { query }, signal }));
}

export function getContract(id: number, signal?: AbortSignal): Promise<Contract> {
  return data(http.GET('/api/contracts/{id}', { params: { path: { id } }, signal }));
}

export function createContract(body: CreateBody): Promise<Contract> {
  return data(http.POST('/api/contracts', { body }));
}

/** One move of the contract; answers the contract afterwards (for a renewal: the new contract). */
export function act(id: number, action: Action, body: Record<string, unknown>): Promise<Contract> {
  const params = { path: { id } };
  switch (action) {
    case 'sign':
      return data(http.POST('/api/contracts/{id}/sign', { params, body }));
    case 'effective':
      return data(http.POST('/api/contracts/{id}/effective', { params, body }));
    case 'renew':
      return data(http.POST('/api/contracts/{id}/renew', { params, body }));
    case 'terminate':
      return data(
        http.POST('/api/contracts/{id}/terminate', {
          params,
          body: body as RequestBody<'/api/contracts/{id}/terminate', 'post'>,
        }),
      );
  }
}

/** 自动续签: renews the scope's effective auto-renew contracts ending within `days` (a re-run renews nothing). */
export function autoRenew(days: number): Promise<Answer<'/api/contracts/auto-renew', 'post'>> {
  return data(http.POST('/api/contracts/auto-renew', { body: { within_days: days } }));
}

export async function listArchive(id: number, signal?: AbortSignal): Promise<ArchiveFile[]> {
  return (await data(http.GET('/api/contracts/{id}/archive', { params: { path: { id } }, signal }))).items;
}

export async function uploadArchive(
  id: number,
  file: File,
  mediaType: string,
  meta: { name?: string | undefined; description?: string | undefined },
): Promise<ArchiveFile> {
  const query = {
    name: meta.name ?? file.name,
    ...(meta.description ? { description: meta.description } : {}),
  };
  return data(
    http.POST('/api/contracts/{id}/archive', {
      params: { path: { id }, query: query as { name: string; description: string } },
      body: (await file.arrayBuffer()) as never,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'content-type': mediaType },
    }),
  );
}

/** Reviewed, active selections of the scope (the server refuses one that already has a live contract). */
export async function reviewedSelections(signal?: AbortSignal): Promise<SelectionSource[]> {
  const query = { reviewed: 'true' as const, status: 'active' as const, page: 1, page_size: 500 };
  return (await data(http.GET('/api/selection/selections', { params: { query }, signal }))).items;
}

export async function subsidyPlans(signal?: AbortSignal): Promise<SubsidyPlan[]> {
  const query = { status: 'published' as const, resource_kind: 'subsidy' as const, page: 1, page_size: 100 };
  return (await data(http.GET('/api/allocation/plans', { params: { query }, signal }))).items;
}

export async function plannedHouseholds(plan: number, signal?: AbortSignal): Promise<PlanHousehold[]> {
  const params = { path: { id: plan }, query: { status: 'planned', page: 1, page_size: 500 } };
  return (await data(http.GET('/api/allocation/plans/{id}/households', { params, signal }))).items;
}
