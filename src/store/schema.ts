// Row types of the tables created in migrations/. JSON columns hold text.
import type { Generated } from 'kysely'

export interface EventsTable {
  position: Generated<number>
  event_id: string
  stream_id: string
  version: number
  type: string
  schema_version: number
  occurred_at: string
  recorded_at: string
  actor_person_id: string
  actor_org_id: string
  actor_role: string
  data: string
  evidence: string
  correlation_id: string | null
  causation_id: string | null
  prev_hash: string
  hash: string
}

export interface StreamsTable {
  stream_id: string
  kind: string
  version: number
  head_hash: string
  state: string
  created_at: string
  updated_at: string
}

export interface IdempotencyTable {
  scope: string
  key: string
  request_hash: string
  status: number
  response: string
  created_at: string
}

export interface TokensTable {
  token_id: string
  secret_hash: string
  person_id: string
  org_id: string
  role: string
  kind: string
  created_at: string
  created_by: string | null
  expires_at: string | null
  revoked_at: string | null
  revoked_by: string | null
}

export interface RefusalsTable {
  id: Generated<number>
  at: string
  token_id: string | null
  person_id: string | null
  org_id: string | null
  role: string
  method: string
  path: string
  stream_id: string | null
  event_type: string | null
  status: number
  code: string
  detail: string
}

/** Reads of non-disclosable material, exports, dossiers, reports, trails (migrations/0004). */
export interface AccessLogTable {
  id: Generated<number>
  at: string
  token_id: string | null
  person_id: string
  org_id: string
  role: string
  method: string
  path: string
  kind: string
  decision_id: string | null
  subject: string | null
}

export interface DecisionsTable {
  decision_id: string
  title: string
  organ_id: string
  undertaking_unit_id: string
  category: string
  rulebook: string
  phase: string
  outcome: string | null
  cycle: number
  version: number
  non_disclosable: number
  published: number
  initiated_at: string
  initiated_date: string
  last_recorded_at: string
  summary: string
}

export interface DecisionAccessTable {
  decision_id: string
  org_id: string
  relation: string
}

export interface OrganizationsTable {
  org_id: string
  name: string
  kind: string
  parent_id: string | null
  registered_at: string
}

export interface PeopleTable {
  person_id: string
  name: string
  registered_at: string
}

export interface PositionsTable {
  position_id: string
  person_id: string
  org_id: string
  title: string
  capacity: string
  from_date: string
  to_date: string | null
  end_reason: string | null
}

/** The compliance read model (migrations/0002, 0006): one row per decision. */
export interface DecisionComplianceTable {
  decision_id: string
  organ_id: string
  initiated_date: string
  status: string
  rulebook_id: string
  rulebook_version: number | null
  latest_cycle: number
  stream_version: number
  evaluated_at: string
  valid_until: string | null
  /** What the organ report counts (migrations/0006): the latest cycle's obligation states, one letter each. */
  latest_states: string
  /** The distinct codes of the open findings, sorted, separated by spaces. */
  open_codes: string
  /** Findings by code and severity: `code:severity:open:resolved`, sorted, separated by spaces. */
  finding_counts: string
  /**
   * The decision's entry in the organ report as JSON text (migrations/0007); null on rows written
   * before it existed, until `backfillReportItems` fills them at start-up (the report renders those itself).
   */
  report_item: string | null
}

export interface DecisionFindingsTable {
  decision_id: string
  finding_id: string
  code: string
  severity: string
  status: string
  source: string
  cycle: number
  /**
   * When the finding became provable (migrations/0008): the occurredAt of the latest event it
   * rests on, else of the decision's first event; null on rows written before 0008.
   */
  proven_at: string | null
}

export interface LedgerLeavesTable {
  ledger_index: number
  event_id: string
  position: number
  leaf_hash: string
}

export interface LedgerNodesTable {
  level: number
  idx: number
  hash: string
}

export interface LedgerCheckpointsTable {
  tree_size: number
  root_hash: string
  note: string
  signed_at: string
}

export interface LedgerCosignaturesTable {
  tree_size: number
  name: string
  key_id: string
  line: string
  cosigned_at: number
  received_at: string
}

export interface LedgerStateTable {
  id: number
  next_index: number
  last_position: number
  updated_at: string
}

export interface WebSessionsTable {
  /** SHA-256 (hex) of the session id; the id itself lives only in the browser's cookie. */
  session_hash: string
  token_id: string
  csrf: string
  /** Milliseconds since the epoch. */
  created_at: number
  last_seen: number
}

export interface WebKeysTable {
  name: string
  value: string
}

export interface Database {
  events: EventsTable
  streams: StreamsTable
  idempotency: IdempotencyTable
  tokens: TokensTable
  refusals: RefusalsTable
  access_log: AccessLogTable
  decisions: DecisionsTable
  decision_access: DecisionAccessTable
  organizations: OrganizationsTable
  people: PeopleTable
  positions: PositionsTable
  decision_compliance: DecisionComplianceTable
  decision_findings: DecisionFindingsTable
  ledger_leaves: LedgerLeavesTable
  ledger_nodes: LedgerNodesTable
  ledger_checkpoints: LedgerCheckpointsTable
  ledger_cosignatures: LedgerCosignaturesTable
  ledger_state: LedgerStateTable
  web_sessions: WebSessionsTable
  web_keys: WebKeysTable
}
