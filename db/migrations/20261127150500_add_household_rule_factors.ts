/**
 * Household sources for two factors of the waiting-list ordering rules (4.2.3, 轮候排队: special groups,
 * disability) and the residence conditions (本地户籍年限). Appendix A records them per family member (A.3.10
 * 户口年限, 残疾类别, 残疾等级); until members are recorded, the household carries the applicant's 户口年限 and the
 * most severe disability among its members, under the same field names, so the rules can read them in one scan.
 */
import type { Knex } from 'knex';
import { addColumns } from '../helpers.ts';

const COLUMNS = [
  ['hukou_years', 'numeric(4,1) CHECK (hukou_years >= 0)', '户口年限（申请人本地户籍年限，年；同 A.3.10）'],
  ['disability_category', 'text', '残疾类别（家庭成员中残疾最重者；同 A.3.10；空为无残疾成员）'],
  [
    'disability_grade',
    'smallint CHECK (disability_grade BETWEEN 1 AND 4)',
    '残疾等级（家庭成员中残疾最重者，一级最重；同 A.3.10；空为无残疾成员）',
  ],
] as const;

export async function up(knex: Knex): Promise<void> {
  // Nullable without a default: PostgreSQL adds them without rewriting the table (1,000,000 rows stay put).
  await addColumns(knex, 'households', COLUMNS);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE households ${COLUMNS.map(([name]) => `DROP COLUMN ${name}`).join(', ')}`);
}
