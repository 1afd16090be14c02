/** Small typed look-ups into resolved parameters. */
import { YibaoError } from '../engine/errors.js';
import type { InForce } from './compile.js';
import type { Grade, Level, LevelTable, LevelValue, Status, StatusRate } from './schema.js';

const LEVEL_KEYS = ['level0', 'level1', 'level2', 'level3'] as const;

/** The value of a level table for a hospital; a graded level needs the grade (refused at `<claimPath>.hospital.grade`). */
export function byLevel<T>(table: LevelTable<T>, level: Level, grade: Grade | undefined, claimPath: string): T {
  const v = table[LEVEL_KEYS[level]] as LevelValue<T>;
  if (isGraded(v)) {
    if (!grade) {
      const gradePath = `${claimPath}.hospital.grade`;
      throw new YibaoError('invalid_input', `${gradePath}: this region's rule differs by grade (甲等 A / 乙等 B) at level ${level}; give the hospital's grade`, gradePath);
    }
    return v[grade];
  }
  return v;
}

/** Whether the table distinguishes grades at this level. */
export function gradedAt<T>(table: LevelTable<T>, level: Level): boolean {
  return isGraded(table[LEVEL_KEYS[level]] as LevelValue<T>);
}

function isGraded<T>(v: LevelValue<T>): v is { A: T; B: T } {
  return typeof v === 'object' && v !== null && 'A' in v && 'B' in v;
}

export function rateFor(rate: StatusRate, status: Status): number {
  return typeof rate === 'number' ? rate : rate[status];
}

export const LEVEL_NAMES: Record<Level, string> = { 0: '一级以下', 1: '一级', 2: '二级', 3: '三级' };
export const STATUS_NAMES: Record<Status, string> = { employed: '在职职工', retired: '退休人员' };

/** A parameter a rule needs: refused with policy_not_in_force where the region defines none (in force on the date). */
export function requireParam<V>(p: InForce<V> | undefined, label: string, path: string): InForce<V> {
  if (!p) throw new YibaoError('policy_not_in_force', `${label}: the region's texts define no such rule`, path);
  return p;
}
