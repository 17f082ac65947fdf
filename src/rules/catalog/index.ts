// The obligation and finding catalogues of rules.md §3-4 as data, for the engine, the web UI
// and docs/rules.md. Codes and names are the spec's, verbatim.
import type { FindingCode, ObligationName } from '../codes'
import { FINDING_TABLE } from './findings'
import { OBLIGATION_TABLE } from './obligations'
import type { FindingSpec, ObligationSpec } from './specs'

export { FINDING_CODES, type FindingCode, isFindingCode, OBLIGATION_NAMES, type ObligationName } from '../codes'
export { FINDINGS } from './findings'
export { OBLIGATIONS } from './obligations'
export type { FindingSpec, ObligationSpec, Phase } from './specs'

export const findingSpec = (code: FindingCode): FindingSpec => FINDING_TABLE[code]
export const obligationSpec = (name: ObligationName): ObligationSpec => OBLIGATION_TABLE[name]
