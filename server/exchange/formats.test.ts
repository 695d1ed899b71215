/** The pieces of the file formats: field names and aliases, DBF, CSV, ring orientation and WKT. */
import { openDbf } from 'shapefile';
import { describe, expect, it } from 'vitest';
import { loadAppendixA } from '../../db/conformance.ts';
import { createParcelBody } from '../land/schema.ts';
import { createProjectBody } from '../projects/schema.ts';
import { PARCEL_ALIASES, PROJECT_ALIASES } from './aliases.ts';
import { writeCsv } from './csv.ts';
import { writeDbf } from './dbf.ts';
import { entityFields, mapAttributes } from './fields.ts';
import { orient, toWkt } from './rings.ts';
import { parcelTarget, projectTarget } from './targets.ts';

const appendix = (clause: string) => new Set(loadAppendixA().find((c) => c.clause === clause)!.fields);

describe('field names', () => {
  it.each([
    ['parcels', parcelTarget, 'A.5.11', ['region_code', 'status']],
    ['projects', projectTarget, 'A.5.1', ['status', 'price_min', 'price_max']],
  ] as const)(
    '%s: every field has a unique DBF alias of ≤ 10 ASCII bytes and its Appendix A name',
    (_, target, clause, extra) => {
      const aliases = target.fields.specs.map((s) => s.alias);
      expect(
        aliases.every((a) => /^[A-Z0-9_]{1,10}$/.test(a)),
        aliases.join(),
      ).toBe(true);
      expect(new Set(aliases).size).toBe(aliases.length);
      const names = appendix(clause);
      const outside = target.fields.specs.filter((s) => !names.has(s.label)).map((s) => s.key);
      expect(outside).toEqual(extra);
    },
  );

  it('alias tables name no field the create schemas do not have', () => {
    expect(Object.keys(PARCEL_ALIASES).filter((k) => !(k in createParcelBody.shape))).toEqual([]);
    expect(Object.keys(PROJECT_ALIASES).filter((k) => !(k in createProjectBody.shape))).toEqual([]);
  });

  it('maps API, Appendix A, alias and truncated names; coerces numbers, dates and text', () => {
    const fields = entityFields(createParcelBody.shape, PARCEL_ALIASES);
    const mapped = mapAttributes(
      {
        地块编号: 1001,
        parcel_nam: '截断的英文名',
        '土地面积（平方米）': '1,234.5',
        JSYDMJ: 800,
        行政区划代: '230103',
        储备时间: '2024/3/5',
        规划用途: '',
        OBJECTID: 7,
      },
      fields,
    );
    expect(mapped.input).toEqual({
      parcel_no: '1001',
      parcel_name: '截断的英文名',
      land_area: 1234.5,
      construction_land_area: 800,
      region_code: '230103',
      reserved_on: '2024-03-05',
    });
    expect(mapped.sources.get('land_area')).toBe('土地面积（平方米）');
    expect(mapped.ignored).toEqual(['OBJECTID']);
  });
});

describe('DBF', () => {
  it('writes UTF-8 text, numbers, dates, booleans and empty cells that read back', async () => {
    const bytes = writeDbf(
      [
        { name: 'DKBH', kind: 'text' },
        { name: 'ZDMC', kind: 'text' },
        { name: 'TDMJ', kind: 'number' },
        { name: 'CBSJ', kind: 'date' },
        { name: 'SFYYJ', kind: 'boolean' },
      ],
      [
        { DKBH: 'A-1', ZDMC: '学府路东地块', TDMJ: 14400.5, CBSJ: '2026-03-01', SFYYJ: true },
        { DKBH: 'A-2', ZDMC: '长'.repeat(100), TDMJ: null, CBSJ: null, SFYYJ: false },
      ],
    );
    const dbf = await openDbf(bytes, { encoding: 'utf-8' });
    const first = await dbf.read();
    expect(first.value).toEqual({
      DKBH: 'A-1',
      ZDMC: '学府路东地块',
      TDMJ: 14400.5,
      CBSJ: new Date(2026, 2, 1),
      SFYYJ: true,
    });
    const second = await dbf.read();
    // Text longer than 254 bytes is cut at a character boundary.
    expect(second.value).toMatchObject({ ZDMC: '长'.repeat(84), TDMJ: null, SFYYJ: false });
    expect((await dbf.read()).done).toBe(true);
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes what needs it and defuses formulas', () => {
    const csv = writeCsv(
      [
        { header: '宗地名称', value: (r: Record<string, unknown>) => r.name },
        { header: '土地面积', value: (r: Record<string, unknown>) => r.area },
      ],
      [
        { name: 'a,"b"', area: -1 },
        { name: '=HYPERLINK("x")', area: null },
      ],
    );
    expect(csv).toBe('\uFEFF宗地名称,土地面积\r\n"a,""b""",-1\r\n"\'=HYPERLINK(""x"")",\r\n');
  });
});

describe('rings', () => {
  const square = [
    [0, 0],
    [0, 1],
    [1, 1],
    [1, 0],
    [0, 0],
  ];
  it('orients outer rings counter-clockwise (RFC 7946) or clockwise (Shapefile), holes the other way', () => {
    const hole = [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.8, 0.8],
      [0.2, 0.8],
      [0.2, 0.2],
    ];
    const ccw = orient({ type: 'Polygon', coordinates: [square, hole] }, 'ccw');
    expect(ccw.coordinates[0]).toEqual([...square].reverse());
    expect(ccw.coordinates[1]).toEqual([...hole].reverse());
    expect(orient({ type: 'Polygon', coordinates: [square, hole] }, 'cw').coordinates).toEqual([
      square,
      hole,
    ]);
  });

  it('writes WKT', () => {
    expect(toWkt({ type: 'MultiPolygon', coordinates: [[square]] })).toBe(
      'MULTIPOLYGON(((0 0,0 1,1 1,1 0,0 0)))',
    );
  });
});
