/**
 * The demo city's fixed facts: Harbin's real GB/T 2260 codes and district names, where each district lies
 * relative to the centre, and the real street (街道) and town (镇) names each district draws from first.
 *
 * Positions are in km east (x) and north (y) of the centre (126.63 E, 45.75 N). The city is squeezed to about
 * 70 km × 60 km, but the districts keep their real relative places: the Songhua river runs west–east a few km
 * north of the centre, 松北 and then 呼兰 lie north of it, 双城 to the south-west, 阿城 to the east.
 */

/** Space-separated name lists keep the data compact. */
const words = (text: string) => text.split(/\s+/).filter(Boolean);

export const PROVINCE = { code: '230000000000', name: '黑龙江省' } as const;
export const CITY = { code: '230100000000', name: '哈尔滨市', pinyin: 'hrb' } as const;

/** The city centre (approximately 南岗区 博物馆 roundabout). */
export const CENTRE_LON_LAT: [number, number] = [126.63, 45.75];

export interface DistrictSpec {
  /** GB/T 2260 county-level code, 6 digits. */
  code6: string;
  name: string;
  /** Used in demo user names, e.g. `nangang_caseworker`. */
  pinyin: string;
  /** Old urban core: smaller, denser, mostly 街道. */
  inner: boolean;
  /**
   * Points (km from the centre) whose Voronoi cells make up the district; the first is the district seat.
   * Several anchors per district give irregular, realistic outlines.
   */
  anchors: [number, number][];
  /** Streets (街道 + 镇) at scale 1, before a ±1 jitter. */
  baseStreets: number;
  streetNames: string[];
  townNames: string[];
}

export const DISTRICTS: DistrictSpec[] = [
  {
    code6: '230102',
    name: '道里区',
    pinyin: 'daoli',
    inner: true,
    anchors: [
      [-5, 0.5],
      [-9.5, -0.5],
      [-13.5, 1.5],
    ],
    baseStreets: 7,
    streetNames: words(
      '兆麟街道 新阳路街道 抚顺街道 共乐街道 新华街道 城乡路街道 工农街道 尚志街道 斯大林街道 通江街道 经纬街道 建国街道 安静街道 正阳河街道 群力街道 友谊路街道 康安街道 顾乡街道',
    ),
    townNames: words('太平镇 新发镇 新农镇 榆树镇'),
  },
  {
    code6: '230103',
    name: '南岗区',
    pinyin: 'nangang',
    inner: true,
    anchors: [
      [0, -2.5],
      [2.5, -6.5],
      [-2.5, -7],
    ],
    baseStreets: 8,
    streetNames: words(
      '花园街道 大成街道 七政街道 哈西街道 和兴路街道 红军街街道 奋斗路街道 芦家街道 曲线街道 通达街道 荣市街道 先锋路街道 护军街道 文化街道 新春街道 跃进街道 保健路街道 哈达街道 燎原街道',
    ),
    townNames: words('王岗镇 红旗镇'),
  },
  {
    code6: '230104',
    name: '道外区',
    pinyin: 'daowai',
    inner: true,
    anchors: [
      [6, 2.5],
      [10, 1.5],
      [14, 3],
    ],
    baseStreets: 7,
    streetNames: words(
      '靖宇街道 太古街道 东莱街道 滨江街道 仁里街道 南马路街道 大兴街道 崇俭街道 振江街道 东原街道 太平街道 南直路街道 化工街道 火车头街道 新一街道 三棵树街道 水泥路街道 黎华街道 新乐街道 民强街道',
    ),
    townNames: words('永源镇 巨源镇 团结镇 民主镇'),
  },
  {
    code6: '230110',
    name: '香坊区',
    pinyin: 'xiangfang',
    inner: true,
    anchors: [
      [6, -5],
      [9.5, -9],
      [12.5, -5.5],
    ],
    baseStreets: 7,
    streetNames: words(
      '香坊大街街道 安埠街道 通天街道 新香坊街道 铁东街道 新成街道 红旗街道 六顺街道 建筑街道 哈平路街道 安乐街道 健康路街道 大庆路街道 进乡街道 通乡街道 和平路街道 民生路街道 文政街道 王兆街道 黎明街道',
    ),
    townNames: words('幸福镇 成高子镇 朝阳镇 向阳镇'),
  },
  {
    code6: '230108',
    name: '平房区',
    pinyin: 'pingfang',
    inner: false,
    anchors: [
      [-0.5, -14],
      [2.5, -18.5],
      [-4, -19],
    ],
    baseStreets: 5,
    streetNames: words('兴建街道 保国街道 联盟街道 友协街道 新疆街道 新伟街道 平房街道'),
    townNames: words('平房镇 平新镇 东轻镇'),
  },
  {
    code6: '230109',
    name: '松北区',
    pinyin: 'songbei',
    inner: false,
    anchors: [
      [-2, 8.5],
      [-8, 9],
      [5, 9],
      [-15, 8],
      [12, 9],
    ],
    baseStreets: 5,
    streetNames: words('松浦街道 万宝街道 太阳岛街道 松北街道 利业街道 船口街道 世茂大道街道'),
    townNames: words('对青山镇 乐业镇 沿江镇 金沙镇'),
  },
  {
    code6: '230111',
    name: '呼兰区',
    pinyin: 'hulan',
    inner: false,
    anchors: [
      [1, 20],
      [-9, 21],
      [10, 19],
      [2, 27],
    ],
    baseStreets: 6,
    streetNames: words('兰河街道 呼兰街道 腰堡街道 利民街道 康金街道 沈家街道 双井街道'),
    townNames: words('二八镇 石人镇 白奎镇 方台镇 莲花镇 大用镇 长岭镇 孟家镇 杨林镇 许堡镇'),
  },
  {
    code6: '230112',
    name: '阿城区',
    pinyin: 'acheng',
    inner: false,
    anchors: [
      [22, -9],
      [26, -15],
      [21, -1],
      [25, -20],
      [17, -17],
    ],
    baseStreets: 6,
    streetNames: words('金城街道 金都街道 通城街道 河东街道 阿什河街道 玉泉街道 新华街道 双丰街道 舍利街道'),
    townNames: words('亚沟镇 交界镇 小岭镇 平山镇 松峰山镇 红星镇 金龙山镇 蜚克图镇 料甸镇 杨树镇'),
  },
  {
    code6: '230113',
    name: '双城区',
    pinyin: 'shuangcheng',
    inner: false,
    anchors: [
      [-20, -15],
      [-28, -5],
      [-14, -24],
      [-24, -20],
      [-8, -26],
    ],
    baseStreets: 6,
    streetNames: words('承旭街道 承恩街道 永和街道 五家街道 兰棱街道'),
    townNames: words(
      '五家镇 兰棱镇 周家镇 韩甸镇 单城镇 东官镇 农丰镇 杏山镇 西官镇 联兴镇 新兴镇 公正镇 万隆镇 临江镇 水泉镇 青岭镇 乐群镇 希勤镇',
    ),
  },
];

export const districtCode = (d: DistrictSpec) => `${d.code6}000000`;
