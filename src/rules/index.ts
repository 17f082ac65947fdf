// The compliance engine's public surface (rules.md). Pure: no I/O, clock or ids.
export {
  addWorkingDays,
  type Calendar,
  type CalendarNote,
  calendarCoverage,
  calendarCovers,
  createCalendar,
  days,
  isWorkingDay,
  workingDays,
} from './calendar'
export {
  FINDING_CODES,
  FINDINGS,
  type FindingCode,
  type FindingSpec,
  findingSpec,
  isFindingCode,
  OBLIGATION_NAMES,
  OBLIGATIONS,
  type ObligationName,
  type ObligationSpec,
  obligationSpec,
} from './catalog'
export {
  type DirectoryView,
  directoryViewFrom,
  headsAt,
  type PositionAt,
  type PositionCapacity,
} from './directory-view'
export { computedFindingIds, type EvaluateInput, evaluate, statusOf } from './evaluate'
export { resolveRulebookForDecision } from './rulebook/for-decision'
export {
  createRulebookRegistry,
  DEFAULT_RULEBOOK_ID,
  RulebookLoadError,
  type RulebookRegistry,
  type RulebookSummary,
  type RulebookValidation,
  validateRulebookDocument,
} from './rulebook/registry'
export {
  PARAMETER_NAMES,
  type ParameterName,
  type ParameterValues,
  type ResolvedRulebook,
  RulebookDocument,
} from './rulebook/schema'
export type { RulebookIssue } from './rulebook/tighten'
export { localDate } from './time'
export type * from './types'
