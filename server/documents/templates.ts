/**
 * Document templates: text with `{{placeholders}}`, blank lines between paragraphs. Each template kind declares
 * the placeholders it can fill, so an edit that names an unknown one is refused when it is saved — not discovered
 * when a notice is printed for an applicant.
 */
import { validationFailed, type FieldError } from '../http/errors.ts';

export const TEMPLATE_KEYS = [
  'registration_approved',
  'registration_denied',
  'notice_batch',
  // Contracts (A.7.3) and subsidy vouchers (A.7.5): migration 20261127170400, server/contracts, server/subsidies.
  'contract_rental',
  'contract_sale',
  'contract_subsidy',
  'subsidy_voucher',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** The parts of a template that may hold placeholders (the API's field names). */
export const TEXT_FIELDS = ['title', 'number_prefix', 'addressee', 'body', 'signature'] as const;
export type TemplateText = Record<(typeof TEXT_FIELDS)[number], string>;

const ISSUER = {
  city_name: '市名（如 哈尔滨市）',
  district_name: '区县名（市级文书为空）',
  date: '落款日期（如 2026年11月27日）',
  document_no: '文号',
};

const APPLICANT = {
  applicant_name: '申请人姓名（不脱敏：通知书送达申请人本人）',
  application_no: '申请编号',
  registration_year: '准入登记年度',
  household_size: '家庭人口数',
};

/** The parties and term of a contract (A.7.3); the ID numbers are not masked: the contract is signed by them. */
const CONTRACT = {
  contract_no: '合同编号',
  application_no: '申请编号',
  signatory_name: '签约人（申请人姓名）',
  signatory_id_number: '签约人身份证号',
  agent_line: '代理人一句（“；代理人：某某（身份证号：…）”，没有代理人时为空）',
  term: '合同期限（如 3年）',
  starts_on: '合同起始日期',
  ends_on: '合同截止日期',
  auto_renew: '是否自动续签（是/否）',
};

const UNIT = {
  unit_no: '房屋编号',
  unit_address: '房屋坐落（项目、楼栋、房号）',
  floor_area: '建筑面积（平方米）',
};

/** What each kind of document can say, with the meaning shown to the template's editor. */
export const PLACEHOLDERS: Record<TemplateKey, Record<string, string>> = {
  registration_approved: {
    ...ISSUER,
    ...APPLICANT,
    security_mode: '保障方式（复审确认的方案）',
    plan_summary: '保障方案摘要（面积、补贴等，以“，”接在保障方式之后；没有时为空）',
  },
  registration_denied: { ...ISSUER, ...APPLICANT, reason: '不予登记的理由' },
  notice_batch: {
    ...ISSUER,
    title: '公示标题',
    notice_no: '公示编号',
    start_date: '公示开始日期',
    end_date: '公示截止日期',
    channels: '公示方式',
    places: '公示地点',
    contact: '异议受理方式',
    count: '公示户数',
  },
  contract_rental: { ...ISSUER, ...CONTRACT, ...UNIT, rent_monthly: '月租金（元）' },
  contract_sale: { ...ISSUER, ...CONTRACT, ...UNIT, price: '房屋总价款（元）' },
  contract_subsidy: {
    ...ISSUER,
    ...CONTRACT,
    subsidy_amount: '补贴金额（元/月）',
    standard_amount: '原标准金额（元/月）',
    subsidy_method: '补贴发放方式',
    subsidy_start: '发放起始时间',
  },
  subsidy_voucher: {
    ...ISSUER,
    period: '补贴年月（如 2026年11月）',
    count: '应发笔数',
    total: '应发合计（元）',
    paid_count: '已实发笔数',
  },
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Placeholders a text names that its kind does not know, as field errors at `at.<field>`. */
export function unknownPlaceholders(key: TemplateKey, text: Partial<TemplateText>, at: string): FieldError[] {
  const known = PLACEHOLDERS[key];
  const errors: FieldError[] = [];
  for (const field of TEXT_FIELDS) {
    const names = [...(text[field] ?? '').matchAll(PLACEHOLDER)].map((m) => m[1]!);
    // The 文号 is numbered by its prefix, so the prefix is plain text (the district's name is put before it).
    if (field === 'number_prefix' && names.length) {
      errors.push({ path: `${at}.${field}`, message: '文号前缀不能含占位符（区县名由系统加在前面）' });
      continue;
    }
    const unknown = names.filter((name) => !(name in known));
    if (unknown.length) {
      errors.push({
        path: `${at}.${field}`,
        message: `未知的占位符：${[...new Set(unknown)].map((n) => `{{${n}}}`).join('、')}；可用的有：${Object.keys(known).join('、')}`,
      });
    }
  }
  return errors;
}

export function assertKnownPlaceholders(key: TemplateKey, text: Partial<TemplateText>, at: string): void {
  const errors = unknownPlaceholders(key, text, at);
  if (errors.length) throw validationFailed(errors, '模板含有未知的占位符');
}

/** Fills the placeholders; a value missing here is a programming error (the kind declared it), not user input. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for placeholder {{${name}}}`);
    return value;
  });
}

/** Paragraphs are separated by blank lines; a single line break stays inside its paragraph. */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
