/**
 * How to apply, per housing type: plausible for Harbin (applications are taken at the street office of the
 * applicant's household registration, checked by the district and the city, publicised, then the household
 * waits or is allotted — CJJ/T 196 6.3: 申请、审核、公示、登记). Thresholds change every year and are published by
 * the city; the guide summarises and refers to the published standard instead of repeating figures that go stale.
 * Chinese only here: the client carries the English text in its messages.
 */
import type { Category } from './schema.ts';

export interface Guide {
  flow: 'rental' | 'purchase' | 'resettlement';
  eligibility: string[];
  documents: string[];
  steps: { title: string; text: string }[];
  where: string;
  hotline: string;
}

const WHERE_STREET =
  '户籍所在地街道办事处（乡镇人民政府）便民服务中心住房保障窗口；也可在项目所在区住房保障服务中心咨询。';
const HOTLINE = '12345（哈尔滨市政务服务便民热线）';

const BASIC_DOCUMENTS = [
  '住房保障申请表（窗口领取或网上下载，家庭成员签字）',
  '申请人及共同申请家庭成员的居民身份证、户口簿',
  '婚姻状况证明（结婚证、离婚证及离婚协议或判决书）',
  '家庭收入及财产情况说明，以及授权核查家庭收入、财产的声明',
  '现住房情况证明（租赁合同或房屋权属证明等）',
];

const RENTAL_STEPS = [
  {
    title: '提出申请',
    text: '申请人到户籍所在地街道办事处（乡镇）住房保障窗口提交申请表和材料，材料齐全的当场受理。',
  },
  {
    title: '审核',
    text: '街道（乡镇）初审，入户调查；区住房保障部门会同民政等部门核查收入、财产和住房情况；市住房保障中心复核。',
  },
  { title: '公示', text: '审核结果在社区和政府网站公示，公示期不少于 10 个工作日；有异议的进行复核。' },
  { title: '登记轮候', text: '公示无异议的家庭登记为保障对象，进入轮候，可随时查询轮候状态。' },
  {
    title: '配租签约',
    text: '房源分配时按轮候顺序通过公开摇号、选房确定房屋，签订租赁合同、缴纳租金后入住。',
  },
];

const PURCHASE_STEPS = [
  {
    title: '提出申请',
    text: '在房源公告规定的时间内，到户籍所在地街道办事处（乡镇）住房保障窗口提交申请表和材料。',
  },
  {
    title: '审核',
    text: '街道（乡镇）初审；区住房保障部门核查收入、财产和住房情况；市住房保障中心复核购房资格。',
  },
  { title: '公示', text: '取得购房资格的家庭名单公示不少于 10 个工作日；有异议的进行复核。' },
  { title: '摇号选房', text: '按公告时间参加公开摇号，按顺序号选房；放弃选房的视为自动放弃本次购房资格。' },
  {
    title: '签约办证',
    text: '签订购房合同并付款，交房后办理不动产登记；所购住房为有限产权，上市交易须符合本市规定的年限和条件。',
  },
];

const RESETTLEMENT_STEPS = [
  {
    title: '签订协议',
    text: '房屋征收范围内的被征收人与征收部门签订房屋征收补偿协议，选择产权调换（实物安置）方式。',
  },
  { title: '确认安置资格', text: '征收部门核对补偿协议和安置面积，安置名单在征收范围内公示。' },
  {
    title: '选房',
    text: '按协议约定的顺序（一般按签约先后）在安置项目中选房；超出补偿面积的部分按公布价格结算。',
  },
  { title: '交房入住', text: '项目竣工验收后通知交房，结清差价后办理入住和不动产登记。' },
];

const GUIDES: Record<Category, Guide> = {
  '01': {
    flow: 'rental',
    eligibility: [
      '本市城区户籍的中等偏下收入住房困难家庭；或在本市稳定就业并连续缴纳社会保险满一年的新就业无房职工和外来务工人员',
      '家庭人均收入、财产低于市政府当年公布的公共租赁住房准入标准',
      '在本市无自有住房，或家庭人均住房建筑面积低于当年公布的标准',
      '申请时未享受其他住房保障待遇',
    ],
    documents: [...BASIC_DOCUMENTS, '外来务工人员另附劳动合同和社会保险缴纳证明'],
    steps: RENTAL_STEPS,
    where: WHERE_STREET,
    hotline: HOTLINE,
  },
  '02': {
    flow: 'rental',
    eligibility: [
      '本市城区户籍的城市低保、低收入住房困难家庭（本市廉租住房已与公共租赁住房并轨运行，按公共租赁住房申请，租金按廉租标准减免）',
      '家庭人均收入低于当年公布的低收入标准，或持有最低生活保障证',
      '在本市无自有住房，或家庭人均住房建筑面积低于当年公布的标准',
    ],
    documents: [...BASIC_DOCUMENTS, '最低生活保障证或低收入家庭认定证明'],
    steps: RENTAL_STEPS,
    where: WHERE_STREET,
    hotline: HOTLINE,
  },
  '03': {
    flow: 'purchase',
    eligibility: [
      '本市城区户籍满规定年限的低收入住房困难家庭',
      '家庭收入、财产低于当年公布的经济适用住房购买标准',
      '无自有住房或家庭人均住房建筑面积低于当年公布的标准，且未购买过政策性住房',
    ],
    documents: [...BASIC_DOCUMENTS, '未购买过政策性住房的承诺书'],
    steps: PURCHASE_STEPS,
    where: WHERE_STREET,
    hotline: HOTLINE,
  },
  '04': {
    flow: 'purchase',
    eligibility: [
      '本市城区户籍的中等收入住房困难家庭（以房源公告的对象为准）',
      '家庭收入低于当年公布的限价商品住房购买标准',
      '在本市无自有住房或家庭人均住房建筑面积低于当年公布的标准',
    ],
    documents: [...BASIC_DOCUMENTS, '无房或住房困难情况的承诺书'],
    steps: PURCHASE_STEPS,
    where: WHERE_STREET,
    hotline: HOTLINE,
  },
  '05': {
    flow: 'resettlement',
    eligibility: [
      '本项目对应棚户区改造房屋征收范围内、选择产权调换方式的被征收人',
      '安置面积和价格以征收补偿方案及补偿协议为准，不面向社会公开申请',
    ],
    documents: [
      '房屋征收补偿协议',
      '被征收人居民身份证、户口簿',
      '委托他人办理的，另附授权委托书和受托人身份证',
    ],
    steps: RESETTLEMENT_STEPS,
    where: '项目所在区房屋征收部门（征收现场办公点）。',
    hotline: HOTLINE,
  },
};

/** The guide for a housing type (unknown types get the public rental housing guide, the common case). */
export function guideFor(category: string | null): Guide {
  return GUIDES[(category ?? '01') as Category] ?? GUIDES['01'];
}
