// The compliance engine's public surface (rules.md). Pure: no I/O, clock or ids.
export { calendarCoverage, calendarCovers, type Calendar, type CalendarNote, createCalendar, days, isWorkingDay, workingDays, addWorkingDays } from './calendar'
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
export { type DirectoryView, directoryViewFrom, emptyDirectory, headsAt, type PositionAt, type PositionCapacity } from './directory-view'
export { computedFindingIds, type EvaluateInput, evaluate, statusOf } from './evaluate'
export {
  createRulebookRegistry,
  DEFAULT_RULEBOOK_ID,
  type RulebookRegistry,
  RulebookLoadError,
  type RulebookSummary,
  type RulebookValidation,
  SHIPPED_RULEBOOKS,
  validateRulebookDocument,
} from './rulebook/registry'
export { PARAMETER_NAMES, type ParameterName, type ParameterValues, type ResolvedRulebook, RulebookDocument } from './rulebook/schema'
export type { RulebookIssue } from './rulebook/tighten'
export { resolveRulebookForDecision } from './rulebook/for-decision'
export { localDate } from './time'
export type * from './types'
