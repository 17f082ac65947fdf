// The web UI's words, in Chinese (the default) and English. Every label a page shows comes from
// here or from the bilingual catalogues of the domain (event labels, obligations, findings), so
// the typing makes a missing translation a compile error.

export type Lang = 'zh' | 'en'
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' }

export interface Bilingual {
  zh: string
  en: string
}

const DICT = {
  appName: { zh: '重大行政决策全过程记录', en: 'Decision trail' },
  appTagline: { zh: '重大行政决策程序合规与责任追溯', en: 'Compliance and accountability for major decisions' },
  skip: { zh: '跳到正文', en: 'Skip to content' },
  switchLang: { zh: 'English', en: '中文' },
  switchLangLabel: { zh: 'Switch to English', en: '切换到中文' },
  navMain: { zh: '主导航', en: 'Main navigation' },
  navDecisions: { zh: '决策事项', en: 'Decisions' },
  navDashboard: { zh: '督查看板', en: 'Dashboard' },
  navPublic: { zh: '政务公开', en: 'Public portal' },
  navNew: { zh: '启动决策', en: 'New decision' },
  navMyTrail: { zh: '我的履职记录', en: 'My trail' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  signedInAs: { zh: '当前身份', en: 'Signed in as' },
  signInTitle: { zh: '使用访问令牌登录', en: 'Sign in with an access token' },
  signInHelp: {
    zh: '粘贴管理员为您签发的访问令牌（dt_ 开头）。令牌只在服务器端核验，浏览器只保存一个会话编号。',
    en: 'Paste the access token your administrator issued (it starts with dt_). The token is checked on the server; the browser keeps only a session id.',
  },
  token: { zh: '访问令牌', en: 'Access token' },
  signInFailed: { zh: '令牌无效、已过期或已吊销。', en: 'The token is invalid, expired or revoked.' },
  signInLimited: {
    zh: '此地址登录失败次数过多，请 {s} 秒后再试。',
    en: 'Too many failed sign-ins from this address; try again in {s} seconds.',
  },
  publicVisitor: { zh: '公众访客', en: 'Public visitor' },
  csrfFailed: {
    zh: '表单已过期或来源不明，请刷新页面后重试。',
    en: 'The form expired or did not come from this site; reload the page and try again.',
  },
  // generic
  filter: { zh: '筛选', en: 'Filter' },
  reset: { zh: '清除', en: 'Reset' },
  all: { zh: '全部', en: 'All' },
  organ: { zh: '决策机关', en: 'Decision organ' },
  unit: { zh: '承办单位', en: 'Undertaking unit' },
  coUnits: { zh: '协办单位', en: 'Co-undertaking units' },
  status: { zh: '合规状态', en: 'Compliance status' },
  phase: { zh: '所处阶段', en: 'Phase' },
  outcome: { zh: '决定结果', en: 'Outcome' },
  from: { zh: '启动日期自', en: 'Initiated from' },
  to: { zh: '至', en: 'to' },
  text: { zh: '关键词', en: 'Text' },
  textHint: { zh: '标题、摘要或决策编号', en: 'Title, summary or decision id' },
  results: { zh: '条结果', en: 'results' },
  nextPage: { zh: '下一页', en: 'Next page' },
  firstPage: { zh: '第一页', en: 'First page' },
  none: { zh: '无', en: 'None' },
  noDecisions: { zh: '没有符合条件的决策事项。', en: 'No decisions match.' },
  initiated: { zh: '启动', en: 'Initiated' },
  lastRecorded: { zh: '最近记录', en: 'Last recorded' },
  cycle: { zh: '轮次', en: 'Cycle' },
  rulebook: { zh: '适用规则', en: 'Rulebook' },
  dueBy: { zh: '决策期限', en: 'Decide by' },
  category: { zh: '决策类别', en: 'Category' },
  flags: { zh: '事项标识', en: 'Classification' },
  decisionId: { zh: '决策编号', en: 'Decision id' },
  published: { zh: '已公布', en: 'Published' },
  nonDisclosable: { zh: '依法不予公开', en: 'Non-disclosable' },
  countsTitle: { zh: '状态统计', en: 'Counts by status' },
  total: { zh: '合计', en: 'Total' },
  // decision page
  dossier: { zh: '打印卷宗', en: 'Printable dossier' },
  recordStep: { zh: '记录程序步骤', en: 'Record a step' },
  findings: { zh: '发现的问题', en: 'Findings' },
  noFindings: { zh: '未发现问题。', en: 'No findings.' },
  severity: { zh: '严重程度', en: 'Severity' },
  article: { zh: '依据', en: 'Basis' },
  responsible: { zh: '责任主体', en: 'Responsible' },
  provenBy: { zh: '证明事件', en: 'Proven by' },
  resolved: { zh: '已整改', en: 'Resolved' },
  open: { zh: '未整改', en: 'Open' },
  annotations: { zh: '备注', en: 'Annotations' },
  clause: { zh: '条文', en: 'Clause' },
  details: { zh: '详情', en: 'Details' },
  obligations: { zh: '法定程序清单', en: 'Obligations checklist' },
  obligation: { zh: '程序', en: 'Obligation' },
  state: { zh: '状态', en: 'State' },
  due: { zh: '期限', en: 'Due' },
  reason: { zh: '说明', en: 'Reason' },
  events: { zh: '事件', en: 'Events' },
  cycleN: { zh: '第 {n} 轮', en: 'Cycle {n}' },
  timeline: { zh: '全过程时间线', en: 'Timeline' },
  occurredAt: { zh: '发生时间', en: 'Occurred' },
  recordedAt: { zh: '记录时间', en: 'Recorded' },
  recordedBy: { zh: '记录人', en: 'Recorded by' },
  lateRecording: { zh: '补录', en: 'Late recording' },
  lateRecordingHint: {
    zh: '记录时间晚于发生时间超过 5 个工作日',
    en: 'recorded more than 5 working days after it happened',
  },
  corrected: { zh: '已更正', en: 'Corrected' },
  correctedBy: { zh: '被更正于', en: 'corrected by' },
  correction: { zh: '更正记录', en: 'Correction' },
  correctionOf: { zh: '更正', en: 'corrects' },
  newlyRecorded: { zh: '刚刚记录', en: 'Just recorded' },
  evidence: { zh: '证据材料（SHA-256）', en: 'Evidence (SHA-256)' },
  document: { zh: '材料', en: 'Document' },
  step: { zh: '程序步骤', en: 'Step' },
  eventHash: { zh: '事件哈希', en: 'Event hash' },
  streamHead: { zh: '当前版本与链头哈希', en: 'Stream version and head hash' },
  payload: { zh: '记录内容', en: 'Recorded content' },
  trail: { zh: '责任链', en: 'Accountability trail' },
  person: { zh: '人员', en: 'Person' },
  capacities: { zh: '身份', en: 'Capacities' },
  positionsThen: { zh: '当时职务', en: 'Positions at the time' },
  stance: { zh: '表态', en: 'Stance' },
  liability: { zh: '责任', en: 'Liability' },
  seriousErrors: { zh: '严重失误或久拖不决认定', en: 'Serious error determinations' },
  asOfNow: { zh: '截至', en: 'As of' },
  // dashboard
  dashboardTitle: { zh: '督查看板', en: 'Inspector dashboard' },
  dashboardIntro: {
    zh: '按决策机关和启动期间统计：各项法定程序的履行率、各类问题随时间的分布、问题最多的决策。',
    en: 'Per decision organ and period of initiation: how often each obligation was met, findings by code over time, the worst decisions.',
  },
  ratesTitle: { zh: '法定程序履行率', en: 'Compliance rate per obligation' },
  ratesDesc: {
    zh: '每项程序：已履行数 ÷（已履行数 + 缺失数）；待履行和不适用的不计入。',
    en: 'Per obligation: done ÷ (done + missing); pending and not applicable are left out.',
  },
  rate: { zh: '履行率', en: 'Rate' },
  doneN: { zh: '已履行', en: 'Done' },
  missingN: { zh: '缺失', en: 'Missing' },
  pendingN: { zh: '待履行', en: 'Pending' },
  findingsOverTime: { zh: '问题分布（按季度）', en: 'Findings by code over time (quarters)' },
  findingsOverTimeDesc: {
    zh: '每格为该季度出现的该类问题数；季度取证明事件中最晚的发生时间。',
    en: 'Each cell counts the findings of that code arising in that quarter (the latest proving event’s date).',
  },
  code: { zh: '问题代码', en: 'Code' },
  quarter: { zh: '季度', en: 'Quarter' },
  worstTitle: { zh: '问题最多的决策', en: 'Worst decisions' },
  worstDesc: {
    zh: '按未整改问题加权计分：阻断 8、重大 4、一般 2、提示 1。',
    en: 'Scored by open findings: blocking 8, major 4, minor 2, warning 1.',
  },
  score: { zh: '分值', en: 'Score' },
  decision: { zh: '决策', en: 'Decision' },
  statusChartTitle: { zh: '合规状态分布', en: 'Decisions by status' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },
  dataTable: { zh: '数据表', en: 'Data table' },
  noData: { zh: '所选范围内没有数据。', en: 'No data in this range.' },
  // person
  personTitle: { zh: '终身履职记录', en: 'Lifetime trail' },
  positions: { zh: '任职经历', en: 'Positions' },
  post: { zh: '职务', en: 'Post' },
  org: { zh: '单位', en: 'Organization' },
  period: { zh: '任职期间', en: 'Period' },
  present: { zh: '至今', en: 'present' },
  decisionsTakenPart: { zh: '参与的决策', en: 'Decisions taken part in' },
  steps: { zh: '步骤数', en: 'Steps' },
  downloadCsv: { zh: '下载 CSV', en: 'Download CSV' },
  // public
  publicTitle: { zh: '重大行政决策公开', en: 'Published major decisions' },
  publicIntro: {
    zh: '这里列出已公布且可以公开的重大行政决策，以及公众意见的征求和采纳情况。',
    en: 'Published, disclosable major administrative decisions, and how public opinions were sought and handled.',
  },
  publicRecord: { zh: '公众参与情况', en: 'Public participation' },
  commentPeriod: { zh: '公开征求意见', en: 'Public comment period' },
  hearing: { zh: '听证会', en: 'Hearing' },
  opinionsHandled: { zh: '意见研究采纳情况', en: 'How opinions were handled' },
  received: { zh: '收到意见', en: 'Received' },
  adopted: { zh: '采纳', en: 'Adopted' },
  notAdopted: { zh: '未采纳的意见及理由', en: 'Opinions not adopted, with reasons' },
  publication: { zh: '决策公布', en: 'Publication' },
  feedbackTitle: { zh: '提出意见建议', en: 'Leave feedback' },
  feedbackHelp: {
    zh: '对决策执行情况的意见建议将记入该决策的记录（《条例》第三十五条）。请勿填写个人信息。',
    en: 'Feedback on how the decision is carried out is recorded on the decision (Decree 713 Art. 35). Do not include personal data.',
  },
  feedbackText: { zh: '意见内容', en: 'Your feedback' },
  submit: { zh: '提交', en: 'Submit' },
  feedbackThanks: { zh: '已收到您的意见，谢谢。', en: 'Thank you, your feedback was recorded.' },
  rateLimited: { zh: '提交过于频繁，请稍后再试。', en: 'Too many submissions; please try again later.' },
  opens: { zh: '开始', en: 'Opens' },
  closes: { zh: '截止', en: 'Closes' },
  heldAt: { zh: '举行时间', en: 'Held' },
  place: { zh: '地点', en: 'Place' },
  participants: { zh: '参加人', en: 'Participants' },
  channels: { zh: '渠道', en: 'Channels' },
  // forms
  formErrors: { zh: '有 {n} 处需要修改：', en: '{n} field(s) need attention:' },
  record: { zh: '记录', en: 'Record' },
  cancel: { zh: '返回', en: 'Back' },
  required: { zh: '必填', en: 'required' },
  optional: { zh: '选填', en: 'optional' },
  docName: { zh: '文件名称', en: 'Document name' },
  docSha: { zh: 'SHA-256 哈希', en: 'SHA-256' },
  docFile: {
    zh: '或选择文件（仅在服务器计算哈希，不保存文件）',
    en: 'or choose the file (hashed on the server, not stored)',
  },
  linesHint: { zh: '每行一项', en: 'one per line' },
  timeHint: { zh: '北京时间', en: 'Beijing time' },
  notAllowed: { zh: '当前身份无权进行此操作。', en: 'Your role may not do this.' },
  statementsLegend: { zh: '出席人员及表态（按发言顺序）', en: 'Attendees and their positions (in speaking order)' },
  attendee: { zh: '出席人员', en: 'Attendee' },
  order: { zh: '发言顺序', en: 'Order' },
  positionHeld: { zh: '表态', en: 'Position' },
  statementText: { zh: '发言要点', en: 'Statement' },
  noPosition: { zh: '（未表态）', en: '(no position recorded)' },
  // errors
  errorTitle: { zh: '出错了', en: 'Something went wrong' },
  notFoundTitle: { zh: '未找到', en: 'Not found' },
  forbiddenTitle: { zh: '无权查看', en: 'Not permitted' },
  unavailableTitle: { zh: '暂时无法提供', en: 'Temporarily unavailable' },
  accessLogUnavailable: {
    zh: '查阅此内容须先记入查阅日志，但日志暂时无法写入，因此未予显示。请稍后重试。',
    en: 'Reading this must first be recorded in the access log, which cannot be written now, so it was not shown. Try again shortly.',
  },
  backHome: { zh: '返回首页', en: 'Back to the start' },
} as const satisfies Record<string, Bilingual>

export type MessageKey = keyof typeof DICT

/** A translator for one language: `t('signIn')`, `t('cycleN', { n: 2 })`. */
export function translator(lang: Lang) {
  return (key: MessageKey, vars?: Record<string, string | number>): string => {
    let s: string = DICT[key][lang]
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v))
    return s
  }
}
export type T = ReturnType<typeof translator>

/** The text of a bilingual label in `lang`. */
export const pick = (label: Bilingual | undefined, lang: Lang, fallback = ''): string =>
  label ? label[lang] : fallback

export const isLang = (v: unknown): v is Lang => v === 'zh' || v === 'en'

export const dictionary = DICT
