import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';
import { assertCodes } from './service.ts';
import { AppError } from '../http/errors.ts';

const t = useTestServer();

describe('code lists', () => {
  it('lists the dictionaries and serves each with its items', async () => {
    const list = await t.client().get('/api/dictionaries');
    const codes = list.body.items.map((d: { code: string }) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining(['gender', 'ethnicity', 'marital_status', 'education', 'id_type']),
    );
    const gender = await t.client().get('/api/dictionaries/gender');
    expect(gender.body.items.map((i: { code: string; name_zh: string }) => [i.code, i.name_zh])).toEqual(
      expect.arrayContaining([
        ['1', '男'],
        ['2', '女'],
      ]),
    );
    const ethnicity = await t.client().get('/api/dictionaries/ethnicity');
    expect(ethnicity.body.items.find((i: { code: string }) => i.code === '01').name_zh).toBe('汉族');
  });

  it('answers 404 for an unknown dictionary and 400 for a malformed name', async () => {
    expect((await t.client().get('/api/dictionaries/no_such_list')).status).toBe(404);
    const bad = await t.client().get('/api/dictionaries/Bad%20Name');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.type');
  });

  it('validates coded fields, naming each unknown one', async () => {
    await expect(
      assertCodes(t.db, [
        { path: 'body.gender', dictionary: 'gender', code: '1' },
        { path: 'body.marital_status', dictionary: 'marital_status', code: '20' },
      ]),
    ).resolves.toBeUndefined();
    const error = await assertCodes(t.db, [
      { path: 'body.gender', dictionary: 'gender', code: '7' },
      { path: 'body.ethnicity', dictionary: 'ethnicity', code: '01' },
      { path: 'body.education', dictionary: 'education', code: 'zz' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).errors!.map((e) => e.path)).toEqual(['body.gender', 'body.education']);
  });
});

describe('regions', () => {
  it('lists districts of the city and shows a region with its ancestors and children', async () => {
    const districts = await t.client().get('/api/regions?parent=230100');
    expect(districts.body.items.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining([
        '道里区',
        '南岗区',
        '道外区',
        '平房区',
        '松北区',
        '香坊区',
        '呼兰区',
        '阿城区',
        '双城区',
      ]),
    );
    const nangang = await t.client().get('/api/regions/230103');
    expect(nangang.body.ancestors.map((r: { name: string }) => r.name)).toEqual(['黑龙江省', '哈尔滨市']);
    expect(nangang.body.children.length).toBeGreaterThan(0);
    expect(
      nangang.body.children.every(
        (r: { code: string; level: number }) => r.code.startsWith('230103') && r.level === 4,
      ),
    ).toBe(true);
    expect((await t.client().get('/api/regions/230199')).status).toBe(404);
  });

  it('serves boundaries as GeoJSON with numeric ids and label points', async () => {
    const res = await t.client().get('/api/regions/boundaries?level=3');
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features).toHaveLength(9);
    const feature = res.body.features[0];
    expect(feature.id).toBe(Number(feature.properties.code));
    expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);
    expect(feature.properties.label_lng).toBeGreaterThan(125);
  });
});
