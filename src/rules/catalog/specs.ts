// The shape of the catalogue entries (see catalog.ts).
import type { FindingCode, ObligationName } from '../codes'
import type { Bilingual, Capacity, Severity } from '../types'

export type Phase = 'drafting' | 'participation' | 'review' | 'decision' | 'publication' | 'execution' | 'integrity'

export interface ObligationSpec {
  obligation: ObligationName
  title: Bilingual
  article: string
  /** A short quotation of the clause it rests on. */
  clause: string
  appliesWhen: string
  satisfiedBy: string
  before: string | null
  phase: Phase
  /** The finding reported when the obligation is missing. */
  findingCode: FindingCode
}

export interface FindingSpec {
  code: FindingCode
  severity: Severity
  title: Bilingual
  article: string
  clause: string
  check: string
  responsible: Capacity
  group: string
  /** Rulebook parameters the check reads. */
  parameters: string[]
}
