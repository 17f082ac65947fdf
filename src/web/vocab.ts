// Bilingual names of the domain's closed vocabularies (roles, states, severities, enum values of
// the event payloads) for the web pages. Event types, obligations and findings carry their own
// bilingual labels in src/domain/events and src/rules/catalog.
import {
  type FindingSpec,
  findingSpec,
  isFindingCode,
  OBLIGATION_NAMES,
  type ObligationName,
  type ObligationSpec,
  obligationSpec,
} from '../rules/catalog'
import type { Bilingual, Lang } from './i18n'

const L = (zh: string, en: string): Bilingual => ({ zh, en })

export const ROLE_LABELS: Record<string, Bilingual> = {
  admin: L('系统管理员', 'Administrator'),
  organ_office: L('决策机关办公厅（室）', 'Decision organ office'),
  undertaking: L('决策承办单位', 'Undertaking unit'),
  legality_reviewer: L('合法性审查部门', 'Legality review body'),
  reviewer: L('评估审查机构', 'Reviewer'),
  executing: L('决策执行单位', 'Executing unit'),
  inspector: L('督查考核', 'Inspector'),
  public: L('社会公众', 'Public'),
}

export const STATUS_LABELS: Record<string, Bilingual> = {
  compliant: L('合规', 'Compliant'),
  noncompliant: L('不合规', 'Non-compliant'),
  in_progress: L('进行中', 'In progress'),
  unknown: L('未评估', 'Not evaluated'),
}

export const SEVERITY_LABELS: Record<string, Bilingual> = {
  blocking: L('严重', 'Blocking'),
  major: L('重大', 'Major'),
  minor: L('一般', 'Minor'),
  warning: L('提示', 'Warning'),
}

export const STATE_LABELS: Record<string, Bilingual> = {
  done: L('已履行', 'Done'),
  missing: L('缺失', 'Missing'),
  pending: L('待履行', 'Pending'),
  not_applicable: L('不适用', 'Not applicable'),
}

export const PHASE_LABELS: Record<string, Bilingual> = {
  initiated: L('已启动', 'Initiated'),
  drafting: L('草案拟订', 'Drafting'),
  consultation: L('征求意见', 'Consultation'),
  review: L('审查评估', 'Review'),
  submitted: L('已提请讨论', 'Submitted'),
  decided: L('已决定', 'Decided'),
  published: L('已公布', 'Published'),
  executing: L('执行中', 'Executing'),
  evaluated: L('已后评估', 'Evaluated'),
}

export const OUTCOME_LABELS: Record<string, Bilingual> = {
  approve: L('通过', 'Approved'),
  reject: L('不通过', 'Rejected'),
  amend: L('修改后通过', 'Amended'),
  defer: L('暂缓', 'Deferred'),
  terminate: L('终止', 'Terminated'),
}

export const CATEGORY_LABELS: Record<string, Bilingual> = {
  public_policy: L('重大公共政策和措施', 'Public policy'),
  development_plan: L('经济社会发展规划', 'Development plan'),
  resource_policy: L('资源环境保护政策', 'Resource policy'),
  public_construction: L('重大公共建设项目', 'Public construction'),
  other_major: L('其他重大事项', 'Other major matter'),
}

export const FLAG_LABELS: Record<string, Bilingual> = {
  nonDisclosable: L('依法不予公开', 'Non-disclosable'),
  specialGroupInterest: L('涉及特定群体利益', 'Special group interest'),
  vitalInterestOrMajorDisagreement: L('涉及切身利益或存在较大分歧', 'Vital interest or major disagreement'),
  hearingRequiredByLaw: L('法定听证', 'Hearing required by law'),
  professionalTechnical: L('专业性技术性较强', 'Professional / technical'),
  stabilityOrSafetyRisk: L('社会稳定或公共安全风险', 'Stability or safety risk'),
  marketEntityActivity: L('涉及市场主体经济活动', 'Market entity activity'),
  involvesOtherUnits: L('涉及其他部门职责', 'Involves other units'),
  exploratoryReform: L('探索性改革', 'Exploratory reform'),
  npcMatter: L('需报人大常委会', "People's congress matter"),
}

/** Capacities of the accountability trail and of findings' "responsible" column. */
export const CAPACITY_LABELS: Record<string, Bilingual> = {
  head: L('行政首长', 'Head'),
  responsible_leader: L('负有责任的领导人员', 'Responsible leader'),
  direct_handler: L('直接责任人员', 'Direct handler'),
  member: L('会议组成人员', 'Meeting member'),
  expert: L('专家', 'Expert'),
  undertaking_unit: L('决策承办单位', 'Undertaking unit'),
  organ_head: L('决策机关行政首长', 'Organ head'),
  organ_office: L('决策机关办公厅（室）', 'Organ office'),
  legality_review_body: L('合法性审查部门', 'Legality review body'),
  assessor: L('评估机构', 'Assessor'),
  recorder_organization: L('记录单位', 'Recording organization'),
  deputy_head: L('副职', 'Deputy head'),
  leader: L('领导成员', 'Leader'),
  staff: L('工作人员', 'Staff'),
}

export const STANCE_LABELS: Record<string, Bilingual> = {
  support: L('赞成', 'Support'),
  oppose: L('反对', 'Oppose'),
  reserve: L('保留', 'Reserve'),
  abstain: L('弃权', 'Abstain'),
}

export const LIABILITY_LABELS: Record<string, Bilingual> = {
  reduced_or_exempted: L('可从轻、减轻或免除责任', 'Reduced or exempted'),
  pursued: L('追究责任', 'Pursued'),
  reduced: L('从轻或减轻', 'Reduced'),
  exempted: L('免除', 'Exempted'),
  serious_error: L('决策严重失误', 'Serious error'),
  undue_delay: L('久拖不决', 'Undue delay'),
}

/** Enum values of the recording forms' payloads. */
export const VALUE_LABELS: Record<string, Bilingual> = {
  gov_website: L('政府网站', 'Government website'),
  gov_new_media: L('政务新媒体', 'Government new media'),
  newspaper: L('报刊', 'Newspaper'),
  radio: L('广播', 'Radio'),
  tv: L('电视', 'TV'),
  gazette: L('政府公报', 'Gazette'),
  press_conference: L('新闻发布会', 'Press conference'),
  other: L('其他', 'Other'),
  executive: L('常务会议', 'Executive meeting'),
  plenary: L('全体会议', 'Plenary meeting'),
  mayor_office: L('市长办公会', "Mayor's office meeting"),
  topic: L('专题会议', 'Topic meeting'),
  circulation: L('传阅', 'Circulation'),
  lawful: L('合法', 'Lawful'),
  lawful_with_changes: L('修改后合法', 'Lawful with changes'),
  unlawful: L('不合法', 'Unlawful'),
  government_leader: L('政府领导提出', 'Government leader'),
  department: L('部门提出', 'Department'),
  lower_government: L('下级政府提出', 'Lower government'),
  deputy: L('人大代表、政协委员提出', 'Deputy'),
  public: L('公众提出', 'Public'),
  online: L('网上', 'Online'),
  letter: L('信函', 'Letter'),
  phone: L('电话', 'Phone'),
  email: L('电子邮件', 'E-mail'),
  ...OUTCOME_LABELS,
  ...STANCE_LABELS,
  ...CATEGORY_LABELS,
}

/** The label of `value` in `table`, or the value itself when the table has none. */
export const labelOf = (table: Record<string, Bilingual>, value: string | null | undefined, lang: Lang): string =>
  value == null ? '' : (table[value]?.[lang] ?? value)

/** The catalogue entry of a finding code (inspectors' own codes have none). */
export const findingInfo = (code: string): FindingSpec | undefined =>
  isFindingCode(code) ? findingSpec(code) : undefined
/** The catalogue entry of an obligation. */
export const obligationInfo = (name: string): ObligationSpec | undefined =>
  (OBLIGATION_NAMES as readonly string[]).includes(name) ? obligationSpec(name as ObligationName) : undefined

/** A finding code's title in `lang` (the code itself for inspectors' own codes). */
export const findingTitle = (code: string, lang: Lang): string => findingInfo(code)?.title[lang] ?? code
