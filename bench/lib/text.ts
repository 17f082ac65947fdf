// Chinese text for generated decisions: topics that a city government really decides on, and
// sentence templates for the free-text fields, so payload sizes and characters are realistic.
import type { Rng } from './random'

/** Undertaking departments of the demo jurisdiction (src/demo/jurisdiction.ts) that have actors. */
export type Department = 'transport' | 'ndrc' | 'housing' | 'urban' | 'eco' | 'health' | 'land' | 'civil' | 'culture'

export interface Topic {
  subject: string
  dept: Department
  category: 'public_policy' | 'development_plan' | 'resource_policy' | 'public_construction' | 'other_major'
  problem: string
  measure: string
  risk: string
}

export const TOPICS: readonly Topic[] = [
  {
    subject: '城市公共交通票价',
    dept: 'transport',
    category: 'public_policy',
    problem: '公交运营成本持续上涨，财政补贴压力逐年加大',
    measure: '调整基础票价并扩大换乘优惠',
    risk: '低收入群体出行负担增加',
  },
  {
    subject: '中心城区停车收费标准',
    dept: 'ndrc',
    category: 'public_policy',
    problem: '中心城区停车泊位供需矛盾突出，路内停车周转率低',
    measure: '实行分区域、分时段差别化收费',
    risk: '周边商户经营受到影响',
  },
  {
    subject: '居民生活用水阶梯价格',
    dept: 'ndrc',
    category: 'public_policy',
    problem: '供水成本倒挂，节水激励不足',
    measure: '完善居民生活用水阶梯价格制度',
    risk: '多人口家庭用水负担加重',
  },
  {
    subject: '老旧小区综合改造',
    dept: 'housing',
    category: 'public_construction',
    problem: '2000年以前建成的住宅小区设施老化，加装电梯需求集中',
    measure: '分批实施基础类、完善类和提升类改造',
    risk: '施工期间居民出行和生活受到影响',
  },
  {
    subject: '城中村有机更新',
    dept: 'housing',
    category: 'development_plan',
    problem: '城中村消防、排水等安全隐患突出',
    measure: '以微改造为主推进片区有机更新',
    risk: '房屋征收补偿标准引发争议',
  },
  {
    subject: '生活垃圾分类管理',
    dept: 'urban',
    category: 'public_policy',
    problem: '生活垃圾产生量年均增长超过百分之五，末端处理能力接近饱和',
    measure: '全面推行定时定点分类投放',
    risk: '分类收运体系衔接不畅引发投诉',
  },
  {
    subject: '餐厨垃圾资源化利用设施建设',
    dept: 'urban',
    category: 'public_construction',
    problem: '餐厨垃圾日产量超过处理能力',
    measure: '新建日处理能力五百吨的资源化利用设施',
    risk: '选址周边居民对异味和交通的担忧',
  },
  {
    subject: '大气污染防治重点行业错峰生产',
    dept: 'eco',
    category: 'resource_policy',
    problem: '秋冬季重污染天气频发，细颗粒物浓度超标',
    measure: '对重点行业实施差异化错峰生产',
    risk: '相关企业生产经营和职工收入受到影响',
  },
  {
    subject: '非道路移动机械低排放区划定',
    dept: 'eco',
    category: 'resource_policy',
    problem: '非道路移动机械排放占比上升',
    measure: '划定禁止使用高排放非道路移动机械区域',
    risk: '中小施工企业设备更新成本较高',
  },
  {
    subject: '城市医疗集团建设',
    dept: 'health',
    category: 'public_policy',
    problem: '优质医疗资源集中在市区大医院，基层服务能力不足',
    measure: '组建紧密型城市医疗集团',
    risk: '医务人员薪酬和编制调整引发不稳定因素',
  },
  {
    subject: '社区卫生服务中心标准化建设',
    dept: 'health',
    category: 'public_construction',
    problem: '部分社区卫生服务中心用房面积不达标',
    measure: '三年内完成全部社区卫生服务中心标准化改造',
    risk: '改造期间基层诊疗服务中断',
  },
  {
    subject: '年度国有建设用地供应计划',
    dept: 'land',
    category: 'development_plan',
    problem: '产业用地供应结构与发展需要不匹配',
    measure: '优化住宅、产业和公共服务用地供应结构',
    risk: '土地出让收入波动影响财政平衡',
  },
  {
    subject: '历史文化街区保护利用',
    dept: 'culture',
    category: 'development_plan',
    problem: '历史建筑年久失修，街区活力不足',
    measure: '编制保护利用规划并引入文化业态',
    risk: '原住居民搬迁安置矛盾',
  },
  {
    subject: '公共文化设施免费开放',
    dept: 'culture',
    category: 'public_policy',
    problem: '公共文化设施利用率不高',
    measure: '延长开放时间并实行错时开放',
    risk: '运营经费保障不足',
  },
  {
    subject: '困难群众基本生活救助标准',
    dept: 'civil',
    category: 'public_policy',
    problem: '现行救助标准与物价上涨幅度不相适应',
    measure: '建立救助标准与消费支出挂钩的动态调整机制',
    risk: '救助对象认定不精准引发信访',
  },
  {
    subject: '殡葬设施布局规划',
    dept: 'civil',
    category: 'development_plan',
    problem: '公益性公墓和殡仪服务设施不足',
    measure: '新建城乡公益性骨灰安放设施',
    risk: '选址周边群众反对',
  },
  {
    subject: '养老服务补贴',
    dept: 'civil',
    category: 'public_policy',
    problem: '高龄、失能老人照护需求快速增长',
    measure: '向经济困难的高龄、失能老人发放养老服务补贴',
    risk: '补贴资金可持续性',
  },
  {
    subject: '城市绿道网络建设',
    dept: 'urban',
    category: 'public_construction',
    problem: '城市慢行系统不连续，滨水空间可达性差',
    measure: '建成贯通主城区的三百公里绿道网络',
    risk: '沿线施工占用道路影响交通',
  },
  {
    subject: '公交线网优化调整',
    dept: 'transport',
    category: 'public_policy',
    problem: '部分公交线路重复率高、客流低',
    measure: '撤并重复线路并新开社区微循环线路',
    risk: '线路撤并影响部分居民出行',
  },
  {
    subject: '网络预约出租汽车管理',
    dept: 'transport',
    category: 'resource_policy',
    problem: '网约车数量快速增长，与巡游出租车矛盾突出',
    measure: '实行车辆和驾驶员准入管理',
    risk: '从业人员收入下降引发聚集',
  },
  {
    subject: '重要民生商品价格调控',
    dept: 'ndrc',
    category: 'resource_policy',
    problem: '重要民生商品价格阶段性波动较大',
    measure: '建立储备调节和平价销售机制',
    risk: '储备资金占用和损耗',
  },
  {
    subject: '保障性租赁住房建设',
    dept: 'housing',
    category: 'public_construction',
    problem: '新市民、青年人住房困难问题突出',
    measure: '五年筹集保障性租赁住房两万套',
    risk: '项目周边配套不足',
  },
  {
    subject: '饮用水水源保护区调整',
    dept: 'eco',
    category: 'resource_policy',
    problem: '原水源保护区划定与城市发展不相适应',
    measure: '依法调整饮用水水源保护区范围',
    risk: '保护区内企业关停补偿',
  },
  {
    subject: '农贸市场提升改造',
    dept: 'urban',
    category: 'public_construction',
    problem: '农贸市场环境脏乱、管理粗放',
    measure: '分三年完成全部农贸市场提升改造',
    risk: '改造期间摊位租金上涨',
  },
]

export const AREAS = ['江州市', '江州市主城区', '明湖区', '云溪区', '青枫区', '江州高新区', '江州港区']

const REASONS = [
  '根据上位法和国家政策的最新要求，需要对现行做法作出相应调整。',
  '经前期调研，群众反映集中、诉求强烈，有必要尽快作出决策。',
  '现行政策执行已满五年，实施环境发生较大变化。',
  '市人大代表和政协委员多次提出相关建议和提案。',
  '上级政府督查中指出相关工作存在短板，要求限期整改。',
]

const FEASIBILITY = [
  '经测算，所需资金可在年度预算中统筹安排，总体风险可控。',
  '经第三方机构评估，方案技术路线成熟，具备实施条件。',
  '经与相关部门会商，各方意见基本一致，具备实施基础。',
  '经成本监审，调整幅度在群众可承受范围之内。',
]

const OPINIONS = [
  '建议延长过渡期，给相关群体留出适应时间',
  '建议加大宣传解读力度，及时回应社会关切',
  '建议对特殊困难群体实行减免',
  '建议分步实施，先行开展试点',
  '建议进一步明确部门职责分工',
  '建议建立实施效果定期评估机制',
  '建议公开成本测算依据',
  '建议增加听证代表中普通群众的比例',
]

const NOT_ADOPTED_REASONS = [
  '与上位法规定不一致',
  '超出本次决策事项的范围',
  '现有财力难以承受',
  '已在其他配套文件中予以明确',
  '不符合公平竞争审查要求',
]

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭']
export const GIVEN = ['建国', '丽华', '志强', '海燕', '文博', '晓敏', '国栋', '雅琴', '子涵', '明远', '雨桐', '立新']
export const AFFILIATIONS = [
  '江州大学公共管理学院',
  '江州大学经济学院',
  '江南理工大学土木工程学院',
  '江南信诚会计师事务所',
  '江州市城市规划设计研究院',
  '江南衡正律师事务所',
  '江州市社会科学院',
  '江南省环境科学研究院',
]
export const CONSTITUENCIES = [
  '消费者',
  '经营者',
  '市人大代表',
  '市政协委员',
  '专家学者',
  '社区居民代表',
  '相关企业代表',
]
export const SPECIAL_GROUPS = [
  '江州市老龄工作委员会办公室',
  '江州市残疾人联合会',
  '江州市妇女联合会',
  '江州市总工会',
  '江州市学生联合会',
  '江州市个体劳动者协会',
]
export const COUNSEL = [
  '市政府法律顾问江南衡正律师事务所：制定权限、程序和内容均合法',
  '公职律师：建议进一步明确实施主体',
  '法律顾问：建议对过渡期作出规定',
]

export const personName = (rng: Rng): string => rng.pick(SURNAMES) + rng.pick(GIVEN)

export function title(rng: Rng, topic: Topic, year: number): string {
  const area = rng.pick(AREAS)
  const kind = rng.pick(['的决策', '实施方案', '三年行动计划', '管理办法', '调整方案', '工作方案'])
  return kind === '的决策' ? `关于${area}${topic.subject}的决策` : `${area}${year}年${topic.subject}${kind}`
}

export function summary(rng: Rng, topic: Topic): string {
  return `${topic.problem}。拟${topic.measure}，${rng.pick(FEASIBILITY)}${rng.pick(REASONS)}`
}

export const reason = (rng: Rng): string => rng.pick(REASONS)
export const feasibility = (rng: Rng): string => rng.pick(FEASIBILITY)
export const opinion = (rng: Rng): string => rng.pick(OPINIONS)
export const notAdopted = (rng: Rng) => ({ opinion: rng.pick(OPINIONS), reason: rng.pick(NOT_ADOPTED_REASONS) })
