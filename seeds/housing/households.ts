/**
 * Applicant households (A.3.8) as COPY rows, spread over the communities by need: the old districts (道外, 道里,
 * 香坊) have more applicants, lower incomes and more shanty-area homes. Household size 1–6 (mostly 3),
 * per-capita income lognormal around 16,000–24,000 元 by district, per-capita floor area skewed low (a fifth own
 * nothing). Each is geocoded inside its community: most to an address point, some to the community's label
 * point, a few not at all.
 */
import { type Km, contains, toKm } from '../city/geo.ts';
import { placeStem } from '../city/names.ts';
import { DEMO_SEED, Prng, weightedChoice } from '../prng.ts';
import type { CityContext, Community } from './city.ts';
import { SECURITY_MODE } from './codes.ts';
import { AS_OF, dayIn, yearOf } from './dates.ts';
import type { Cell } from './copy.ts';
import { pointEwkb } from './copy.ts';
import { IdNumbers, type Sex, chineseName, mobilePhone } from './people.ts';

export const HOUSEHOLD_COLUMNS = [
  'application_no',
  'registration_year',
  'applicant_name',
  'id_type',
  'id_number',
  'phone',
  'agent_name',
  'agent_id_type',
  'agent_id_number',
  'agent_phone',
  'hukou_district',
  'hukou_street',
  'hukou_community',
  'hukou_road',
  'hukou_house_no',
  'hukou_building',
  'hukou_room',
  'household_size',
  'per_capita_income',
  'total_income',
  'per_capita_floor_area',
  'total_floor_area',
  'in_shanty_area',
  'shanty_name',
  'shanty_type',
  'shanty_state_affiliation',
  'is_low_income',
  'is_minimum_living',
  'minimum_living_cert_no',
  'had_housing_support',
  'housing_support_mode',
  'waiting_status',
  'region_code',
  'geocode_quality',
  'geom',
  'created_by',
  'updated_by',
  'hukou_years',
  'disability_category',
  'disability_grade',
  'created_at',
  'updated_at',
] as const;

interface Need {
  /** Applicants per community, relative. */
  weight: number;
  shanty: number;
  /** Median per-capita annual income, 元. */
  income: number;
  /** Median per-capita floor area of those who own a home, m². */
  area: number;
}

const NEED: Record<string, Need> = {
  道外区: { weight: 2.2, shanty: 0.25, income: 19_000, area: 11 },
  道里区: { weight: 1.8, shanty: 0.15, income: 21_000, area: 12 },
  香坊区: { weight: 1.8, shanty: 0.18, income: 20_000, area: 11.5 },
  南岗区: { weight: 1.5, shanty: 0.08, income: 23_000, area: 13 },
  平房区: { weight: 0.8, shanty: 0.06, income: 22_000, area: 14 },
  松北区: { weight: 0.6, shanty: 0.04, income: 24_000, area: 15 },
  呼兰区: { weight: 0.7, shanty: 0.08, income: 17_000, area: 14 },
  阿城区: { weight: 0.6, shanty: 0.08, income: 17_000, area: 14 },
  双城区: { weight: 0.6, shanty: 0.06, income: 16_000, area: 14 },
};
const DEFAULT_NEED: Need = { weight: 1, shanty: 0.08, income: 20_000, area: 13 };

/** Harbin's lines, yearly per capita: 低保 about 710 元/month, 低收入 about 1.5 times that (demo values). */
const MINIMUM_LIVING_LINE = 8_520;
const LOW_INCOME_LINE = 12_780;

const householdSize = weightedChoice([
  [1, 14],
  [2, 24],
  [3, 32],
  [4, 17],
  [5, 9],
  [6, 4],
] as const);
const registrationYear = weightedChoice(
  Array.from({ length: 11 }, (_, i) => [2016 + i, 5 + i * 0.4] as const),
);
const shantyType = weightedChoice([
  ['城市棚户区', 6],
  ['国有工矿棚户区', 3],
  ['国有林区棚户区', 0.5],
  ['国有垦区棚户区', 0.5],
] as const);
const AFFILIATIONS = ['中央', '省属', '市属'];

/**
 * 残疾类别 (GB/T 26341-2010: 1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重) and 残疾等级 (一级最重) of the most
 * severe disabled member: applicants are poorer and older than the city, so more of their families have one.
 */
const disabilityCategory = weightedChoice([
  ['1', 14],
  ['2', 20],
  ['3', 2],
  ['4', 36],
  ['5', 7],
  ['6', 8],
  ['7', 13],
] as const);
const disabilityGrade = weightedChoice([
  [1, 12],
  [2, 23],
  [3, 30],
  [4, 35],
] as const);

const recentStatus = weightedChoice([
  ['applied', 20],
  ['waiting', 70],
  ['allocated', 5],
  ['withdrawn', 5],
] as const);
const olderStatus = weightedChoice([
  ['applied', 3],
  ['waiting', 55],
  ['allocated', 28],
  ['withdrawn', 14],
] as const);

/** Mostly waiting; the newest are still applications, the oldest partly housed or withdrawn. */
function waitingStatus(random: Prng, year: number): string {
  if (year >= 2026) return random.bool(0.7) ? 'applied' : 'waiting';
  return year >= 2024 ? recentStatus(random) : olderStatus(random);
}

/** Splits `total` over the weights exactly (largest remainder), in order. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** A uniformly random point inside the community's stored boundary (lon/lat), so PostGIS agrees it is inside. */
function pointIn(random: Prng, community: Community): Km {
  const b = community.lonLatBox;
  for (;;) {
    const p: Km = [random.range(b.minX, b.maxX), random.range(b.minY, b.maxY)];
    if (contains(community.lonLat, p)) return p;
  }
}

/** Names of the roads nearest each community's label point, for the hukou address (expressways excluded). */
function roadsNear(city: CityContext, community: Community): string[] {
  const label = toKm(community.label);
  const scored = city.roads
    .filter((r) => r.roadClass !== 'expressway')
    .map((road) => {
      let best = Infinity;
      for (const line of road.lines)
        for (const [x, y] of line) best = Math.min(best, Math.hypot(x - label[0], y - label[1]));
      return [road.name, best] as const;
    })
    .sort((a, b) => a[1] - b[1]);
  return scored.slice(0, 3).map(([name]) => name);
}

export function* householdRows(city: CityContext, total: number): Generator<Cell[]> {
  const communities = [...city.communities].sort((a, b) => (a.code < b.code ? -1 : 1));
  const root = new Prng(DEMO_SEED).fork('households');
  const weights = communities.map(
    (c) =>
      (NEED[c.district.name] ?? DEFAULT_NEED).weight *
      (c.urban ? 1 : 0.35) *
      Math.exp(root.fork(`weight:${c.code}`).normal(0, 0.4)),
  );
  const counts = apportion(total, weights);
  const ids = new IdNumbers();
  const serials = new Map<number, number>();
  for (const [index, community] of communities.entries()) {
    const count = counts[index] ?? 0;
    if (count === 0) continue;
    const random = root.fork(`community:${community.code}`);
    const need = NEED[community.district.name] ?? DEFAULT_NEED;
    const roads = community.urban ? roadsNear(city, community) : [];
    const stem = placeStem(community.name.replace(/(社区|村)$/, ''));
    // A stream of its own for the factor columns added later, so every earlier column keeps its values.
    const factors = root.fork(`factors:${community.code}`);
    const received = root.fork(`received:${community.code}`);
    for (let i = 0; i < count; i++) {
      const year = registrationYear(random);
      const serial = (serials.get(year) ?? 0) + 1;
      serials.set(year, serial);
      const row = household(random, { community, need, roads, stem, year, serial, ids });
      const at = receivedAt(received, year);
      yield [...row, ...ruleFactors(factors, community), at, at];
    }
  }
}

interface HouseholdContext {
  community: Community;
  need: Need;
  roads: string[];
  stem: string;
  year: number;
  serial: number;
  ids: IdNumbers;
}

function household(random: Prng, ctx: HouseholdContext): Cell[] {
  const { community, need, year } = ctx;
  const code6 = community.code.slice(0, 6);
  const size = householdSize(random);
  const sex: Sex = random.bool(0.55) ? 'male' : 'female';
  const age = Math.round(Math.min(Math.max(random.normal(size === 1 ? 52 : 44, 13), 22), year - 1940));
  const birthYear = Math.min(2000, Math.max(1940, year - age));
  const name = chineseName(random, sex, birthYear);
  const agent =
    year - birthYear >= 70 && random.bool(0.6) ? agentFor(random, ctx, name, birthYear) : undefined;

  const rural = community.urban ? 1 : 0.8;
  const perCapitaIncome = Math.max(
    3_000,
    Math.round(need.income * rural * Math.exp(random.normal(0, 0.45)) * 100) / 100,
  );
  const inShanty = random.bool(need.shanty * (community.urban ? 1 : 0.5));
  const ownsNothing = !inShanty && random.bool(0.22);
  const perCapitaArea = ownsNothing
    ? 0
    : Math.min(
        40,
        Math.max(
          3,
          Math.round(need.area * (inShanty ? 0.8 : 1) * Math.exp(random.normal(0, 0.5)) * 100) / 100,
        ),
      );
  const shanty = inShanty ? shantyType(random) : null;
  const minimumLiving = perCapitaIncome < MINIMUM_LIVING_LINE;
  const supported = random.bool(0.06);

  const where = random.next();
  const point = where < 0.01 ? undefined : where < 0.13 ? community.label : pointIn(random, community);
  const floor = random.int(1, 7);
  return [
    `HRB${year}-${String(ctx.serial).padStart(6, '0')}`,
    year,
    name,
    '111',
    ctx.ids.next(random, code6, birthYear, sex),
    mobilePhone(random),
    agent?.name ?? null,
    agent ? '111' : null,
    agent?.id ?? null,
    agent?.phone ?? null,
    community.district.name,
    community.streetName,
    community.name,
    community.urban
      ? ctx.roads.length
        ? random.pick(ctx.roads)
        : `${ctx.stem}街`
      : `${ctx.stem}${random.int(1, 9)}组`,
    `${random.int(1, 260)}号`,
    community.urban ? `${random.int(1, 30)}栋` : null,
    community.urban ? `${floor}0${random.int(1, 6)}室` : null,
    size,
    perCapitaIncome,
    Math.round(perCapitaIncome * size * 100) / 100,
    perCapitaArea,
    Math.round(perCapitaArea * size * 100) / 100,
    inShanty,
    inShanty ? `${ctx.stem}${random.pick(['棚户区', '片区', '平房区'])}` : null,
    shanty,
    shanty && shanty !== '城市棚户区' ? random.pick(AFFILIATIONS) : null,
    perCapitaIncome < LOW_INCOME_LINE,
    minimumLiving,
    minimumLiving ? `DB${code6}${year}${String(random.int(0, 99_999)).padStart(5, '0')}` : null,
    supported,
    supported ? (random.bool(0.8) ? SECURITY_MODE.rentSubsidy : SECURITY_MODE.lowRentInKind) : null,
    waitingStatus(random, year),
    community.code,
    point ? (point === community.label ? 'community' : 'address') : null,
    point ? pointEwkb(point[0], point[1]) : null,
    'seed',
    'seed',
  ];
}

/**
 * 户口年限 of the applicant (most were born or settled here long ago; a sixth moved in recently, and rural
 * communities have fewer newcomers) and the most severe disability in the family (about one family in ten).
 */
function ruleFactors(random: Prng, community: Community): Cell[] {
  const newcomer = random.bool(community.urban ? 0.17 : 0.06);
  const years = newcomer ? random.range(0, 6) : random.range(6, 45);
  const disabled = random.bool(0.1);
  return [
    Math.round(years * 10) / 10,
    disabled ? disabilityCategory(random) : null,
    disabled ? disabilityGrade(random) : null,
  ];
}

/**
 * 增加时间: when the application was received, a working-day hour in its registration year, never after the demo's
 * "today" (so trends and waiting times have a history instead of the moment the seed ran).
 */
function receivedAt(random: Prng, year: number): string {
  const lastMonth = year === yearOf(AS_OF) ? Number(AS_OF.slice(5, 7)) : 12;
  const day = dayIn(random, year, 1, lastMonth);
  const minute = random.int(8 * 60 + 30, 17 * 60);
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${day} ${hh}:${mm}:00+08`;
}

/** An elderly applicant's agent: a son or daughter, born 22–35 years later. */
function agentFor(random: Prng, ctx: HouseholdContext, applicant: string, birthYear: number) {
  const sex: Sex = random.bool() ? 'male' : 'female';
  const born = Math.min(2000, birthYear + random.int(22, 35));
  const surname = sex === 'male' ? applicant.slice(0, 1) : undefined;
  return {
    name: chineseName(random, sex, born, surname),
    id: ctx.ids.next(random, ctx.community.code.slice(0, 6), born, sex),
    phone: mobilePhone(random),
  };
}
