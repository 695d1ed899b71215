import { describe, expect, it } from 'vitest';
import { layOut, positionOf, type GridUnit } from './floorGrid.ts';

const unit = (id: number, building: number, floor: number, room_no: string, entrance?: string): GridUnit => ({
  id,
  building_id: building,
  building_name: `${building}号楼`,
  floor,
  room_no,
  entrance: entrance ?? null,
});

describe('the selection floor table', () => {
  it('takes the floor off the room number to find its column', () => {
    expect(positionOf({ floor: 12, room_no: '1203' })).toBe('03');
    expect(positionOf({ floor: 1, room_no: '101' })).toBe('01');
    expect(positionOf({ floor: -1, room_no: 'B102' })).toBe('02');
    expect(positionOf({ floor: 3, room_no: 'A-7' })).toBe('A-7');
  });

  it('lines up each floor’s rooms under their position, floors top-down, buildings by name', () => {
    const buildings = layOut([
      unit(1, 2, 1, '101'),
      unit(2, 2, 1, '102'),
      unit(3, 2, 2, '202'),
      unit(4, 10, 1, '101'),
    ]);
    expect(buildings.map((b) => b.name)).toEqual(['2号楼', '10号楼']);
    const [first] = buildings;
    expect(first!.columns.map((c) => c.position)).toEqual(['01', '02']);
    expect(first!.floors.map((f) => f.floor)).toEqual([2, 1]);
    expect(first!.floors[0]!.cells.map((c) => c?.id ?? null)).toEqual([null, 3]);
    expect(first!.floors[1]!.cells.map((c) => c?.id ?? null)).toEqual([1, 2]);
  });

  it('groups columns by entrance', () => {
    const [building] = layOut([
      unit(1, 1, 1, '102', '2'),
      unit(2, 1, 1, '101', '1'),
      unit(3, 1, 1, '102', '1'),
    ]);
    expect(building!.columns.map((c) => c.key)).toEqual(['1|01', '1|02', '2|02']);
  });
});
