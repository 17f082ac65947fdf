// "An overlay may tighten but never loosen its parent" (rules.md §1): which direction is tighter
// for each parameter, and the errors for an overlay that goes the other way.
import type { ParameterName, ParameterValues } from './schema'

export interface RulebookIssue {
  path: string
  message: string
}

/**
 * min: a minimum — higher is tighter; null (no minimum) is loosest.
 * max: a cap — lower is tighter; null (no cap) is loosest.
 * flag: true is tighter.
 * subset: a list of what is allowed — fewer is tighter.
 * superset: a list of what is required — more is tighter.
 * free: neither (time zone, calendar).
 */
type Direction = 'min' | 'max' | 'flag' | 'subset' | 'superset' | 'free'

const DIRECTIONS: { readonly [N in ParameterName]: Direction } = {
  commentMinDays: 'min',
  hearingMaterialsMinDays: 'min',
  hearingMandatoryOnVitalInterest: 'flag',
  legalityReviewMinWorkingDays: 'min',
  legalityReviewMaxWorkingDays: 'max',
  twoTierLegalityReview: 'flag',
  allowedMeetingTypes: 'subset',
  quorum: 'min',
  publishMaxWorkingDays: 'max',
  requiredPublicationChannels: 'superset',
  archiveMaxDays: 'max',
  postEvaluationAfterYears: 'max',
  lateRecordingWorkingDays: 'max',
  timeZone: 'free',
  calendar: 'free',
}

const show = (v: unknown) => JSON.stringify(v)

/** Why `child` loosens `parent` for parameter `name`, or undefined when it does not. */
function loosening(name: ParameterName, parent: unknown, child: unknown): string | undefined {
  switch (DIRECTIONS[name]) {
    case 'min':
      if (parent === null || typeof parent !== 'number') return undefined
      if (child === null) return `removes the minimum ${show(parent)}`
      return typeof child === 'number' && child < parent
        ? `${show(child)} is below the minimum ${show(parent)}`
        : undefined
    case 'max':
      if (parent === null || typeof parent !== 'number') return undefined
      if (child === null) return `removes the cap ${show(parent)}`
      return typeof child === 'number' && child > parent
        ? `${show(child)} is above the maximum ${show(parent)}`
        : undefined
    case 'flag':
      return parent === true && child === false ? 'turns off a requirement the parent sets (true → false)' : undefined
    case 'subset': {
      const p = Array.isArray(parent) ? parent : []
      const added = (Array.isArray(child) ? child : []).filter((x) => !p.includes(x))
      return added.length ? `adds ${added.map(show).join(', ')}, which the parent does not allow` : undefined
    }
    case 'superset': {
      const c = Array.isArray(child) ? child : []
      const dropped = (Array.isArray(parent) ? parent : []).filter((x) => !c.includes(x))
      return dropped.length ? `drops ${dropped.map(show).join(', ')}, which the parent requires` : undefined
    }
    case 'free':
      return undefined
  }
}

/** Every way `overlay` (its own parameters only) loosens the resolved `parent` values. */
export function looseningIssues(
  overlay: { readonly [N in ParameterName]?: { value: unknown } | undefined },
  parent: ParameterValues,
  parentLabel: string,
): RulebookIssue[] {
  const issues: RulebookIssue[] = []
  for (const name of Object.keys(DIRECTIONS) as ParameterName[]) {
    const entry = overlay[name]
    if (!entry) continue
    const why = loosening(name, parent[name], entry.value)
    if (why) issues.push({ path: `parameters.${name}`, message: `loosens ${parentLabel}: ${why}` })
  }
  return issues
}

export function droppedChecks(
  overlayChecks: readonly string[] | undefined,
  parentChecks: readonly string[],
  parentLabel: string,
): RulebookIssue[] {
  if (overlayChecks === undefined) return []
  const dropped = parentChecks.filter((c) => !overlayChecks.includes(c))
  return dropped.length
    ? [{ path: 'checks', message: `loosens ${parentLabel}: drops mandatory check(s) ${dropped.join(', ')}` }]
    : []
}
