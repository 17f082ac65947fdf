// Payload fields that name directory entries. Accountability must be able to resolve every one
// of them years later, so a reference to an unknown organization or person is refused on intake.

const ORG_FIELDS = new Set([
  'organId',
  'undertakingUnitId',
  'coUnitIds',
  'unitIds',
  'assessorOrgId',
  'reviewerOrgId',
  'reviewBodyId',
  'officeId',
  'evaluatorOrgId',
  'unitId',
])
const PERSON_FIELDS = new Set(['attendees', 'headId', 'personId', 'byHead'])

export interface DirectoryRef {
  kind: 'organization' | 'person'
  id: string
  path: Array<string | number>
}

/** Every organization and person id named in a payload, with its JSON path. */
export function directoryRefsIn(data: unknown, base: Array<string | number> = []): DirectoryRef[] {
  const out: DirectoryRef[] = []
  const walk = (v: unknown, path: Array<string | number>, field: string | undefined) => {
    if (typeof v === 'string') {
      if (field && ORG_FIELDS.has(field)) out.push({ kind: 'organization', id: v, path })
      else if (field && PERSON_FIELDS.has(field)) out.push({ kind: 'person', id: v, path })
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...path, i], field)
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k], k)
    }
  }
  walk(data, base, undefined)
  return out
}
