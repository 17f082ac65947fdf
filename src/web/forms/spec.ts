// The recording forms: which fields each common step asks for, in the payload's own shape
// (paths into `data`). Values are turned into a payload and validated with the very zod schemas
// the API uses (src/domain/events); nothing here decides what is valid.
import {
  COMMENT_CHANNELS,
  DECISION_CATEGORIES,
  LEGALITY_CONCLUSIONS,
  MEETING_OUTCOMES,
  MEETING_TYPES,
} from '../../domain/events'
import type { Bilingual } from '../i18n'

const L = (zh: string, en: string): Bilingual => ({ zh, en })

export type Options = readonly string[] | 'orgs' | 'people' | 'rulebooks' | 'reviewBodies'

export type Field =
  | { kind: 'text' | 'textarea' | 'date' | 'datetime' | 'number'; path: string; label: Bilingual; optional?: true }
  | { kind: 'checkbox'; path: string; label: Bilingual; optional?: true }
  | { kind: 'select'; path: string; label: Bilingual; options: Options; optional?: true }
  | { kind: 'checkboxes' | 'multiselect'; path: string; label: Bilingual; options: Options; optional?: true }
  | { kind: 'flags'; path: string; label: Bilingual }
  | { kind: 'lines'; path: string; label: Bilingual; optional?: true }
  | { kind: 'doc'; path: string; label: Bilingual; optional?: true }
  | { kind: 'statements'; path: 'statements'; label: Bilingual; rows: number }
  | { kind: 'fixed'; path: string; label: Bilingual; value: 'actorOrg' }

export interface FormSpec {
  type: string
  /** Fields in the order shown; `occurredAt` (when the step happened) always comes first. */
  fields: Field[]
}

export const FORMS: Record<string, FormSpec> = {
  DecisionInitiated: {
    type: 'DecisionInitiated',
    fields: [
      { kind: 'text', path: 'title', label: L('决策事项名称', 'Title') },
      { kind: 'textarea', path: 'summary', label: L('事项概要', 'Summary'), optional: true },
      { kind: 'fixed', path: 'organId', label: L('决策机关', 'Decision organ'), value: 'actorOrg' },
      { kind: 'select', path: 'undertakingUnitId', label: L('承办单位', 'Undertaking unit'), options: 'orgs' },
      {
        kind: 'multiselect',
        path: 'coUnitIds',
        label: L('协办单位', 'Co-undertaking units'),
        options: 'orgs',
        optional: true,
      },
      { kind: 'select', path: 'category', label: L('决策类别', 'Category'), options: DECISION_CATEGORIES },
      { kind: 'flags', path: 'flags', label: L('事项标识', 'Classification flags') },
      { kind: 'text', path: 'catalogRef', label: L('目录编号', 'Catalogue entry'), optional: true },
      { kind: 'date', path: 'decisionDueBy', label: L('决策期限', 'Decide by'), optional: true },
      { kind: 'select', path: 'rulebook', label: L('适用规则', 'Rulebook'), options: 'rulebooks', optional: true },
      {
        kind: 'text',
        path: 'priorRiskAssessmentRef',
        label: L('已有风险评估文号', 'Prior risk assessment reference'),
        optional: true,
      },
    ],
  },
  PublicCommentOpened: {
    type: 'PublicCommentOpened',
    fields: [
      { kind: 'checkboxes', path: 'channels', label: L('公开渠道', 'Channels'), options: COMMENT_CHANNELS },
      { kind: 'doc', path: 'draft', label: L('决策草案', 'Draft') },
      { kind: 'doc', path: 'explanation', label: L('起草说明', 'Explanation') },
      { kind: 'text', path: 'submissionMethod', label: L('意见提交方式', 'How to submit opinions') },
      { kind: 'datetime', path: 'opensAt', label: L('征求意见开始时间', 'Opens at') },
      { kind: 'datetime', path: 'closesAt', label: L('征求意见截止时间', 'Closes at') },
      {
        kind: 'textarea',
        path: 'shortenedReason',
        label: L('期限少于30日的理由', 'Why shorter than the minimum'),
        optional: true,
      },
    ],
  },
  PublicCommentClosed: {
    type: 'PublicCommentClosed',
    fields: [
      { kind: 'datetime', path: 'closedAt', label: L('实际截止时间', 'Closed at') },
      { kind: 'number', path: 'commentsCount', label: L('收到意见条数', 'Comments received') },
    ],
  },
  LegalityReviewRequested: {
    type: 'LegalityReviewRequested',
    fields: [
      {
        kind: 'select',
        path: 'reviewBodyId',
        label: L('合法性审查部门', 'Legality review body'),
        options: 'reviewBodies',
      },
      { kind: 'doc', path: 'draft', label: L('送审草案', 'Draft for review') },
      { kind: 'lines', path: 'legalBases', label: L('制定依据', 'Legal bases') },
      { kind: 'doc', path: 'proceduresStatement', label: L('履行法定程序情况说明', 'Statement of procedures') },
      { kind: 'date', path: 'neededBy', label: L('要求审查完成日期', 'Needed by'), optional: true },
    ],
  },
  LegalityReviewOpinionIssued: {
    type: 'LegalityReviewOpinionIssued',
    fields: [
      { kind: 'select', path: 'conclusion', label: L('审查结论', 'Conclusion'), options: LEGALITY_CONCLUSIONS },
      { kind: 'checkbox', path: 'covers.authority', label: L('已审查决策权限', 'Covered: authority') },
      { kind: 'checkbox', path: 'covers.procedure', label: L('已审查决策程序', 'Covered: procedure') },
      { kind: 'checkbox', path: 'covers.content', label: L('已审查决策内容', 'Covered: content') },
      { kind: 'lines', path: 'counselOpinions', label: L('法律顾问、公职律师意见', 'Counsel opinions') },
      { kind: 'lines', path: 'requiredChanges', label: L('修改意见', 'Required changes'), optional: true },
      { kind: 'doc', path: 'opinion', label: L('合法性审查意见书', 'Opinion document') },
      {
        kind: 'doc',
        path: 'legalRiskDisclosure',
        label: L('法律风险提示', 'Legal risk disclosure'),
        optional: true,
      },
      {
        kind: 'textarea',
        path: 'shortReviewReason',
        label: L('审查时间少于7个工作日的理由', 'Why the review was shorter than the minimum'),
        optional: true,
      },
    ],
  },
  CollectiveDiscussionHeld: {
    type: 'CollectiveDiscussionHeld',
    fields: [
      { kind: 'select', path: 'meetingType', label: L('会议类型', 'Meeting type'), options: MEETING_TYPES },
      { kind: 'datetime', path: 'heldAt', label: L('会议时间', 'Held at') },
      { kind: 'number', path: 'membersTotal', label: L('会议组成人员总数', 'Members of the body') },
      { kind: 'select', path: 'headId', label: L('作出决定的行政首长', 'Head who decides'), options: 'people' },
      { kind: 'statements', path: 'statements', label: L('出席与表态', 'Attendance and positions'), rows: 10 },
      { kind: 'select', path: 'outcome', label: L('决定结果', 'Outcome'), options: MEETING_OUTCOMES },
      {
        kind: 'textarea',
        path: 'headReasons',
        label: L('行政首长不同于多数意见的理由', "Head's reasons for departing from the majority"),
        optional: true,
      },
      {
        kind: 'checkbox',
        path: 'reasonsStatedInMeeting',
        label: L('理由已在会上说明', 'Reasons stated in the meeting'),
        optional: true,
      },
      { kind: 'doc', path: 'minutes', label: L('会议纪要', 'Minutes') },
    ],
  },
}

/** The forms each role sees on a decision page (the server still decides, per decision). */
export const FORMS_BY_ROLE: Record<string, readonly string[]> = {
  undertaking: ['PublicCommentOpened', 'PublicCommentClosed', 'LegalityReviewRequested'],
  legality_reviewer: ['LegalityReviewOpinionIssued'],
  organ_office: ['CollectiveDiscussionHeld'],
}
