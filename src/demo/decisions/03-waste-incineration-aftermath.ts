// After the waste incineration plant was approved (see 03-waste-incineration.ts): protests,
// the executing unit's report, an urgent suspension on that ground, the province's
// determination of a serious error, termination by the new mayor's executive meeting, and the
// liability determinations of Art. 38 — in a separate file only to keep files short.
import { at, doc, meeting } from '../build'
import { type DemoActorName, P } from '../jurisdiction'
import type { DemoEvent } from '../types'

const D = {
  seriousError: doc('江南省人民政府督查室关于江州市垃圾焚烧发电厂二期决策严重失误的认定意见.pdf'),
  terminationMinutes: doc('江州市人民政府第9次常务会议纪要（2026年）.pdf'),
}

export const unravelling: DemoEvent<DemoActorName>[] = [
  {
    as: 'public',
    type: 'PublicFeedbackReceived',
    occurredAt: at('2025-04-10', '10:20'),
    data: {
      channel: 'letter',
      summary: '石门村村民联名信：反对在村旁建设垃圾焚烧厂，要求公开环评报告全文并重新选址。',
    },
  },
  {
    as: 'public',
    type: 'PublicFeedbackReceived',
    occurredAt: at('2025-05-20', '21:45'),
    data: {
      channel: 'online',
      summary: '东塘小区业主：项目距小区不足1.5公里，担心二噁英排放影响儿童健康，请求重新论证。',
    },
  },
  {
    id: 'issue',
    as: 'urbanExec',
    type: 'ExecutionIssueReported',
    occurredAt: at('2025-06-16', '11:00'),
    data: {
      ground: 'decision_problem',
      description:
        '6月以来石门村、东塘村等三个村村民连续集体上访并阻止施工单位进场，场平工程已停工两周，事态有扩大趋势。',
    },
  },
  {
    as: 'office',
    type: 'DecisionSuspended',
    occurredAt: at('2025-06-18', '18:00'),
    data: {
      byHead: P.luChengyuan,
      groundEventId: '@issue',
      urgent: true,
      reason: '为防止事态扩大，经市长决定，项目即日起暂停实施，待重新评估后再定。',
    },
  },
  {
    as: 'inspector2',
    type: 'SeriousErrorDetermined',
    occurredAt: at('2026-03-20'),
    data: {
      kind: 'serious_error',
      loss: '前期征地、设计和场平工程支出约1.26亿元无法回收；引发持续群体性信访，造成不良社会影响。',
      basis: D.seriousError,
    },
  },
  {
    id: 'terminate',
    as: 'office2',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2026-04-14', '15:00'),
    data: meeting({
      heldAt: at('2026-04-14', '15:00'),
      membersTotal: 7,
      headId: P.shenJiahe,
      speakers: [
        [P.heQingyuan, 'support', '同意停止执行，另行启动选址论证。'],
        [P.xuManlin, 'support', '同意。'],
        [P.chengYiming, 'support', '同意，妥善处理前期合同。'],
        [P.shaoWenbo, 'support', '同意。'],
        [P.tangRuochuan, 'support', '同意。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.shenJiahe, 'support', '会议决定停止执行二期项目，由城管局会同明湖区做好善后。'],
      ],
      outcome: 'terminate',
      minutes: D.terminationMinutes,
      // Stated so that no reading of "support" (for the motion to terminate) can look like a
      // head overruling the meeting.
      headReasons: '省政府督查室已认定决策严重失误，项目继续实施的社会稳定风险不可控，决定停止执行。',
    }),
  },
  {
    as: 'office2',
    type: 'DecisionTerminated',
    occurredAt: at('2026-04-16'),
    data: {
      meetingEventId: '@terminate',
      reason: '经省政府督查室认定决策严重失误，市政府常务会议决定停止执行，另行组织选址论证。',
    },
  },
]

/** Recorded after the termination: Art. 38 liability, for life, whatever post each holds now. */
export const liabilities: DemoEvent<DemoActorName>[] = (
  [
    [P.luChengyuan, 'head', 'pursued', '在社会稳定风险评估结论为风险不可控的情况下仍拍板决策，负主要领导责任。'],
    [
      P.zhongHaifeng,
      'responsible_leader',
      'reduced',
      '承办单位负责人，对风险评估结论未作充分说明；事后积极配合处置，从轻处理。',
    ],
    [P.tianYe, 'direct_handler', 'exempted', '直接承办人员，已在送审材料中如实报告风险评估结论，依法免责。'],
    [P.hanLiqun, 'member', 'exempted', '在常务会议上明确发表反对意见并记录在案，依照条例第三十八条第三款免予追究。'],
  ] as const
).map(
  ([personId, capacity, outcome, reason], i): DemoEvent<DemoActorName> => ({
    as: 'inspector2',
    type: 'LiabilityDetermined',
    occurredAt: at('2026-05-12', `${10 + i}:00`),
    data: { personId, capacity, outcome, reason },
  }),
)
