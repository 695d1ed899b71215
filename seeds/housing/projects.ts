/**
 * One project of the demo city: category and construction mode, a site beside a road, its estate of buildings,
 * timeline, money, and the detail rows A.5.1's totals are derived from (annual investment, demolition and
 * resettlement, land supply from its reserve parcel).
 */
import type { Prng } from '../prng.ts';
import { estateSpec, layoutEstate, siteHalfSizes } from './buildings.ts';
import { investments, relocations } from './details.ts';
import { type BuildingPlan, planBuildings } from './estate.ts';
import type { CityContext, District } from './city.ts';
import { CATEGORY, type CategoryKey, INCOME_LEVEL, MODE, type ModeKey, SECURITY_MODE } from './codes.ts';
import { AS_OF, yearOf } from './dates.ts';
import {
  boundaries,
  developer,
  fiveYearPlan,
  planningLocation,
  projectNames,
  shantyOwner,
} from './naming.ts';
import { supplyParcel, type ParcelPlan } from './parcels.ts';
import type { SitePlanner } from './sites.ts';
import { multiPolygonWkt, rectRing } from './space.ts';
import { type ProjectStatus, type Timeline, projectTimeline } from './timeline.ts';
import { type Row, round2 } from './values.ts';

export interface ProjectPlan {
  projectNo: string;
  category: CategoryKey;
  mode: ModeKey;
  timeline: Timeline;
  row: Row;
  wkt: string;
  buildings: BuildingPlan[];
  investments: Row[];
  relocations: Row[];
  supply?: { row: Row; parcel: ParcelPlan };
  /** Rent in 元/m²·month for rental kinds. */
  rent?: readonly [number, number];
  units: number;
}

const CATEGORIES: (readonly [CategoryKey, number])[] = [
  ['publicRental', 35],
  ['lowRent', 8],
  ['affordable', 10],
  ['capped', 10],
  ['shanty', 37],
];

const MODES: Record<CategoryKey, (readonly [ModeKey, number])[]> = {
  publicRental: [
    ['newBuild', 70],
    ['inclusion', 20],
    ['purchase', 5],
    ['conversion', 5],
  ],
  lowRent: [
    ['newBuild', 60],
    ['inclusion', 30],
    ['purchase', 10],
  ],
  affordable: [['newBuild', 1]],
  capped: [
    ['newBuild', 8],
    ['inclusion', 2],
  ],
  shanty: [
    ['newBuild', 9],
    ['conversion', 1],
  ],
};

/** Where each kind is built: resettlement near the old shanty areas, the rest spread with a lean to new towns. */
export function districtWeight(category: CategoryKey, d: District): number {
  const old: Record<string, number> = { 道外区: 2, 道里区: 1.5, 香坊区: 1.5, 南岗区: 1.2 };
  const general: Record<string, number> = { 松北区: 1.4, 道外区: 1.1, 香坊区: 1.1, 呼兰区: 0.8, 平房区: 0.9 };
  return category === 'shanty' ? (old[d.name] ?? 0.6) : (general[d.name] ?? (d.spec.inner ? 1 : 0.6));
}

/** 元/m²·month for rentals, 元/m² for sale; [min, max]. */
function prices(prng: Prng, category: CategoryKey, year: number): readonly [number, number] {
  const round = (v: number, step: number) => Math.round(v / step) * step;
  const drift = 1 + 0.02 * (year - 2015);
  const ranges: Record<CategoryKey, readonly [number, number, number]> = {
    publicRental: [6.5, 9, 3],
    lowRent: [1, 2, 1],
    affordable: [2800, 3800, 700],
    capped: [4800, 6500, 1000],
    shanty: [2600, 3600, 600],
  };
  const [low, high, spread] = ranges[category];
  const step = category === 'publicRental' || category === 'lowRent' ? 0.1 : 10;
  const min = round(prng.range(low, high) * drift, step);
  return [min, round(min + prng.range(spread / 3, spread), step)];
}

export interface ProjectContext {
  city: CityContext;
  planner: SitePlanner;
  names: Set<string>;
  serials: Map<string, number>;
}

/** Plans project `index` from its own generator; undefined when no site could be found for it. */
export function planProject(prng: Prng, ctx: ProjectContext): ProjectPlan | undefined {
  const category = prng.weighted(CATEGORIES);
  const mode = prng.weighted(MODES[category]);
  const year = prng.weighted(Array.from({ length: 12 }, (_, i) => [2015 + i, i === 11 ? 7 : 8] as const));
  const spec = estateSpec(prng, category);
  const layout = layoutEstate(prng, spec);
  const withParcel = (mode === 'newBuild' || mode === 'conversion') && prng.bool(0.7);
  const levyKm = withParcel ? prng.range(0.005, 0.012) : 0;
  const site = ctx.planner.nearRoad(
    prng,
    (d) => districtWeight(category, d),
    (angle) => siteHalfSizes(layout, angle),
    { gapKm: 0.06, reserveKm: levyKm },
  );
  if (!site) return undefined;
  const timeline = projectTimeline(prng, year);
  const serialKey = `${site.district.code6}${year}`;
  const serial = (ctx.serials.get(serialKey) ?? 0) + 1;
  ctx.serials.set(serialKey, serial);
  const projectNo = `P${serialKey}${String(serial).padStart(3, '0')}`;
  const road = site.road.name;
  const houseNumber = prng.int(1, 399);

  const buildings = planBuildings(prng, ctx.city, site, layout, spec, {
    projectNo,
    road,
    houseNumber,
    category,
    timeline,
  });

  const siteArea = round2(4 * site.rect.halfU * site.rect.halfV * 1e6);
  const floorArea = round2(buildings.reduce((sum, b) => sum + Number(b.row.floor_area), 0));
  for (const b of buildings)
    b.row.shared_land_area = round2((siteArea * Number(b.row.floor_area)) / floorArea);
  const residential = buildings.filter((b) => b.row.category === 'residential');
  const residentialArea = round2(residential.reduce((sum, b) => sum + Number(b.row.residential_area), 0));
  const plannedUnits = residential.reduce((sum, b) => sum + Number(b.row.residential_units), 0);
  const costPerM2 = prng.range(3000, 3800) * (1 + 0.03 * (year - 2015)) * (category === 'shanty' ? 1.3 : 1);
  const totalInvestment = round2(floorArea * costPerM2);
  const names = projectNames(ctx.names, site.district, road, category, year);
  const plan = fiveYearPlan(year);
  const rental = category === 'publicRental' || category === 'lowRent';
  const [priceMin, priceMax] = prices(prng, category, year);
  const shanty = category === 'shanty' ? shantyOwner(prng, site.district) : undefined;
  const privateFirm = mode === 'inclusion' || (category === 'capped' && prng.bool(0.6));
  const delivered = timeline.status === 'delivered';

  const row: Row = {
    project_no: projectNo,
    proposed_name: names.proposed,
    approved_name: timeline.status === 'planned' && prng.bool(0.5) ? null : names.approved,
    region_code: site.community.code,
    project_category: CATEGORY[category],
    construction_mode: MODE[mode],
    planning_location: planningLocation(site.rect.centre),
    shanty_owner_type: shanty?.type ?? null,
    shanty_owner_name: shanty?.name ?? null,
    developer: developer(prng, site.district, category, privateFirm),
    address: `哈尔滨市${site.district.name}${road}${houseNumber}号`,
    boundaries: boundaries(prng, site.roadSide, road),
    site_area: siteArea,
    planned_start_on: timeline.plannedStart,
    planned_completion_on: timeline.plannedCompletion,
    actual_start_on: timeline.actualStart ?? null,
    actual_completion_on: timeline.actualCompletion ?? null,
    handover_batch_no: delivered
      ? `YJ${yearOf(timeline.handover ?? AS_OF)}-${String(prng.int(1, 12)).padStart(2, '0')}`
      : null,
    handed_over: delivered,
    handed_over_at: delivered ? `${timeline.handover}T09:00:00+08:00` : null,
    handed_over_by: delivered ? `${site.district.name}住房保障中心` : null,
    year,
    plan_start_on: `${plan.start}-01-01`,
    plan_end_on: `${plan.end}-12-31`,
    plan_year_type: '五年规划',
    plan_no: plan.no,
    planned_floor_area: floorArea,
    planned_residential_area: residentialArea,
    planned_residential_units: plannedUnits,
    planned_housing_type: SECURITY_MODE[category === 'lowRent' ? 'lowRentInKind' : category],
    total_investment: totalInvestment,
    residential_investment: round2(totalInvestment * prng.range(0.82, 0.9)),
    fund_source_type: prng.pick(FUND_SOURCES[privateFirm ? 'private' : 'public']),
    investment_type: '建筑安装工程、配套基础设施',
    income_level_type: INCOME_LEVELS[category],
    security_mode_type: SECURITY_MODE[category === 'lowRent' ? 'lowRentInKind' : category],
    compensation_type: shanty ? prng.pick(COMPENSATION) : null,
    land_acquisition_method: category === 'capped' || mode === 'inclusion' ? '出让' : '划拨',
    status: timeline.status,
    price_min: priceMin,
    price_max: priceMax,
  };

  const parcel = withParcel ? supplyParcel(prng, ctx, site, levyKm, floorArea, timeline) : undefined;
  return {
    projectNo,
    category,
    mode,
    timeline,
    row,
    wkt: multiPolygonWkt(rectRing(site.rect)),
    buildings,
    investments: investments(prng, timeline, totalInvestment, row),
    relocations: shanty ? relocations(prng, timeline, plannedUnits, residentialArea, row) : [],
    ...(parcel
      ? {
          supply: {
            parcel,
            row: {
              region_code: site.community.code,
              supplied_on: parcel.suppliedOn ?? null,
              area: parcel.row.land_area as number,
              method: row.land_acquisition_method as string,
            },
          },
        }
      : {}),
    ...(rental ? { rent: [priceMin, priceMax] as const } : {}),
    units: buildings.reduce((sum, b) => sum + (b.hasUnits ? Number(b.row.residential_units) : 0), 0),
  };
}

const FUND_SOURCES = {
  public: [
    '中央补助资金、地方财政资金',
    '地方财政资金、银行贷款',
    '中央补助资金、地方政府专项债券',
    '地方财政资金',
  ],
  private: ['企业自筹资金', '企业自筹资金、银行贷款'],
};
const COMPENSATION = ['产权调换', '货币补偿', '产权调换与货币补偿相结合'];
const INCOME_LEVELS: Record<CategoryKey, string | null> = {
  publicRental: INCOME_LEVEL.lowerMiddle,
  lowRent: INCOME_LEVEL.lowest,
  affordable: INCOME_LEVEL.low,
  capped: INCOME_LEVEL.middle,
  shanty: null,
};

export type { BuildingPlan, ProjectStatus };
