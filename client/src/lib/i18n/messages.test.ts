import { expect, test } from 'vitest';
import * as dashboard from '../dashboard/messages.ts';
import * as land from '../land/messages.ts';
import * as map from '../map/messages.ts';
import * as portal from '../portal/messages.ts';
import * as rules from '../rules/messages.ts';
import * as workspace from '../workspace/messages.ts';
import * as inbox from '../inbox/messages.ts';
import * as applications from '../applications/messages.ts';
import * as notices from '../notices/messages.ts';
import * as workflow from '../workflow/messages.ts';
import * as registry from '../registry/messages.ts';
import * as documents from '../documents/messages.ts';
import * as allocation from '../allocation/messages.ts';
import * as lottery from '../lottery/messages.ts';
import * as selection from '../selection/messages.ts';
import * as contracts from '../contracts/messages.ts';
import * as support from '../support/messages.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

const FEATURES = {
  dashboard,
  land,
  map,
  portal,
  rules,
  workspace,
  inbox,
  applications,
  notices,
  workflow,
  registry,
  documents,
  allocation,
  lottery,
  selection,
  contracts,
  support,
};

test('no feature message key collides with another feature’s or the core’s (spreads would overwrite silently)', () => {
  const owners = new Map<string, string[]>();
  for (const [feature, messages] of Object.entries(FEATURES)) {
    for (const key of Object.keys(messages.zh)) owners.set(key, [...(owners.get(key) ?? []), feature]);
  }
  const featureKeys = new Set(owners.keys());
  const coreKeys = Object.keys(zhCN).filter((key) => !featureKeys.has(key));
  const total = coreKeys.length + [...owners.values()].reduce((n, list) => n + list.length, 0);
  const shared = [...owners].filter(([, list]) => list.length > 1);
  expect(shared).toEqual([]);
  expect(Object.keys(zhCN)).toHaveLength(total);
});

test('every Chinese message has its English text', () => {
  // (A few Chinese entries are empty on purpose: the portal's guides come from the server in Chinese.)
  const missing = Object.entries(zhCN)
    .filter(([key, text]) => text.trim() !== '' && !en[key as keyof typeof en]?.trim())
    .map(([key]) => key);
  expect(missing).toEqual([]);
});
