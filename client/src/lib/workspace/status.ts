/** Status codes the workspace shows (server enums), in the order of the standard's figure 3 and of 轮候. */
export const DELIVERY_STATUSES = ['undelivered', 'delivered', 'allocated', 'occupied'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WAITING_STATUSES = ['applied', 'waiting', 'allocated', 'withdrawn'] as const;
export type WaitingStatus = (typeof WAITING_STATUSES)[number];

export const isDeliveryStatus = (value: unknown): value is DeliveryStatus =>
  (DELIVERY_STATUSES as readonly unknown[]).includes(value);
export const isWaitingStatus = (value: unknown): value is WaitingStatus =>
  (WAITING_STATUSES as readonly unknown[]).includes(value);

/** Project statuses (server/projects/schema.ts PROJECT_STATUSES), in their order. */
export const PROJECT_STATUSES = [
  'planned',
  'under_construction',
  'completed',
  'delivered',
  'retired',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const isProjectStatus = (value: unknown): value is ProjectStatus =>
  (PROJECT_STATUSES as readonly unknown[]).includes(value);
