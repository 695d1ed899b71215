import { describe, expect, it } from 'vitest';
import {
  moneyFen,
  moneyYuan,
  phone,
  regionCode,
  residentId,
  residentIdCheckChar,
  residentIdProblem,
} from './validators.ts';
import { areaGeometry } from './geometry.ts';
import { maskIdNumber, maskName, maskPhone } from './mask.ts';

describe('resident ID number (GB 11643)', () => {
  // 11010519491231002X is the standard's own worked example.
  it('accepts valid numbers, including the X check character in either case', () => {
    expect(residentIdProblem('11010519491231002X')).toBeUndefined();
    expect(residentId.parse('11010519491231002x')).toBe('11010519491231002X');
    expect(residentIdCheckChar('23010319800101001')).toMatch(/^[\dX]$/);
  });
  it('rejects a wrong check character, an impossible birth date, a future birth date and bad shapes', () => {
    expect(residentIdProblem('110105194912310021')).toMatch(/校验码/);
    const feb30 = '23010319800230001';
    expect(residentIdProblem(feb30 + residentIdCheckChar(feb30))).toMatch(/出生日期/);
    const future = '23010330000101001';
    expect(residentIdProblem(future + residentIdCheckChar(future))).toMatch(/出生日期/);
    expect(residentIdProblem('2301031980010100')).toMatch(/18 位/);
    expect(residentId.safeParse('110105194912310021').success).toBe(false);
  });
});

describe('other shared validators', () => {
  it('phone: mobile and landline', () => {
    expect(phone.safeParse('13812345678').success).toBe(true);
    expect(phone.safeParse('0451-86661234').success).toBe(true);
    expect(phone.safeParse('12812345678').success).toBe(false);
    expect(phone.safeParse('86661234').success).toBe(false);
  });
  it('region code: pads 6 and 9 digits to 12, rejects other shapes', () => {
    expect(regionCode.parse('230103')).toBe('230103000000');
    expect(regionCode.parse('230103001')).toBe('230103001000');
    expect(regionCode.safeParse('2301').success).toBe(false);
    expect(regionCode.safeParse('23010A').success).toBe(false);
  });
  it('money: decimal yuan strings with at most two decimals, integer fen; never a float', () => {
    expect(moneyYuan.parse('1234.50')).toBe('1234.50');
    expect(moneyYuan.parse(12)).toBe('12');
    expect(moneyYuan.safeParse('1.005').success).toBe(false);
    expect(moneyYuan.safeParse(0.1 + 0.2).success).toBe(false);
    expect(moneyFen.safeParse(12.5).success).toBe(false);
    expect(moneyFen.parse(1250)).toBe(1250);
  });
});

describe('GeoJSON geometry schema', () => {
  const square = [
    [126.6, 45.7],
    [126.7, 45.7],
    [126.7, 45.8],
    [126.6, 45.8],
    [126.6, 45.7],
  ];
  it('accepts a closed polygon in WGS84 or CGCS2000', () => {
    expect(areaGeometry.safeParse({ type: 'Polygon', coordinates: [square] }).success).toBe(true);
    const cgcs = {
      type: 'Polygon',
      coordinates: [square],
      crs: { type: 'name', properties: { name: 'EPSG:4490' } },
    };
    expect(areaGeometry.safeParse(cgcs).success).toBe(true);
  });
  it('rejects open rings, out-of-range coordinates and other CRSs, naming the path', () => {
    const open = areaGeometry.safeParse({
      type: 'Polygon',
      coordinates: [square.slice(0, 4).concat([[126.61, 45.7]])],
    });
    expect(open.success).toBe(false);
    const far = areaGeometry.safeParse({
      type: 'Polygon',
      coordinates: [[[200, 45], ...square.slice(1, 4), [200, 45]]],
    });
    expect(far.error?.issues[0]?.path).toEqual(['coordinates', 0, 0, 0]);
    const utm = {
      type: 'Polygon',
      coordinates: [square],
      crs: { type: 'name', properties: { name: 'EPSG:32652' } },
    };
    expect(areaGeometry.safeParse(utm).success).toBe(false);
  });
});

describe('masking', () => {
  it('keeps only what a clerk needs to recognise the record', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三丰')).toBe('张**');
  });
});
