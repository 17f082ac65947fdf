// A tiny in-memory stand-in for the service, to build genuine bundles and tamper with them:
// events with real hashes and chains, one global tree (the perfect-subtree NodeStore), signed
// checkpoints. Event content is rebuilt from a list of "intents" so a test can rewrite history
// the way a dishonest operator with the signing key could.
import type { KeyObject } from 'node:crypto'
import { GENESIS_HASH } from '../../src/domain/envelope'
import { toHex } from '../../src/ledger/bytes'
import { signCheckpoint } from '../../src/ledger/checkpoint'
import { eventHash } from '../../src/ledger/event-hash'
import { leafHash } from '../../src/ledger/merkle'
import { formatVerifierKey, generateSigningKey, publicKeyRaw } from '../../src/ledger/note'
import type { BundleEvent, BundleProof, LedgerBundle } from '../../src/ledger/verify'
import { NodeStore } from './memory-tree'

export const ORIGIN = 'decision-trail.example.gov.cn/ledger'

export interface Intent {
  decisionId: string
  type: string
  data: Record<string, unknown>
}

export class FakeLedger {
  readonly events: BundleEvent[] = []
  readonly tree = new NodeStore()

  constructor(
    readonly key: KeyObject = generateSigningKey(),
    intents: readonly Intent[] = [],
  ) {
    for (const i of intents) this.record(i)
  }

  get vkey(): string {
    return formatVerifierKey(ORIGIN, publicKeyRaw(this.key))
  }

  record({ decisionId, type, data }: Intent): BundleEvent {
    const stream = this.events.filter((e) => e.decisionId === decisionId)
    const n = this.events.length
    const base = {
      eventId: `evt_${String(n).padStart(4, '0')}`,
      decisionId,
      version: stream.length + 1,
      type,
      schemaVersion: 1,
      occurredAt: `2026-03-${String(1 + (n % 28)).padStart(2, '0')}T09:00:00+08:00`,
      recordedAt: `2026-03-${String(1 + (n % 28)).padStart(2, '0')}T09:00:05+08:00`,
      actor: { personId: 'per_zhang', orgId: 'org_gz_gov', role: 'undertaking' as const },
      data,
      evidence: [],
      prevHash: stream.at(-1)?.hash ?? GENESIS_HASH,
    }
    const event: BundleEvent = { ...base, hash: eventHash(base), position: n + 1, ledgerIndex: n }
    this.events.push(event)
    this.tree.append(leafHash(event.hash))
    return event
  }

  checkpoint(size = this.tree.size, key: KeyObject = this.key): string {
    return signCheckpoint({ origin: ORIGIN, size, rootHash: this.tree.root(size) }, key)
  }

  proof(e: BundleEvent, size = this.tree.size): BundleProof {
    return {
      eventId: e.eventId,
      ledgerIndex: e.ledgerIndex,
      treeSize: size,
      hashes: this.tree.inclusionProof(e.ledgerIndex, size).map(toHex),
    }
  }

  consistency(m: number, n = this.tree.size): string[] {
    return this.tree.consistencyProof(m, n).map(toHex)
  }

  /** What GET /v1/decisions/{id}/export returns. */
  bundle(decisionId: string, directoryEventIds: readonly string[] = []): LedgerBundle {
    const events = this.events.filter((e) => e.decisionId === decisionId)
    const dir = this.events.filter((e) => directoryEventIds.includes(e.eventId))
    return {
      format: 'decision-trail-bundle/1',
      decisionId,
      events,
      checkpoint: this.checkpoint(),
      proofs: events.map((e) => this.proof(e)),
      directory: { events: dir, proofs: dir.map((e) => this.proof(e)) },
    }
  }
}

export const DEC = 'dec_01JABCDEF0000000000000000'
export const OTHER = 'dec_01JZZZZZZ0000000000000000'
export const DIR = 'dir_440100'

/** Interleaved streams: the decision, another decision and a directory stream. */
export const HISTORY: Intent[] = [
  { decisionId: DIR, type: 'OrganizationRegistered', data: { orgId: 'org_gz_gov', name: '广州市人民政府' } },
  { decisionId: DEC, type: 'DecisionInitiated', data: { title: '关于调整城市公交票价的决定' } },
  { decisionId: OTHER, type: 'DecisionInitiated', data: { title: '另一项决策' } },
  { decisionId: DEC, type: 'PublicCommentPeriodOpened', data: { days: 30 } },
  { decisionId: DIR, type: 'PersonRegistered', data: { personId: 'per_zhang', name: '张三' } },
  { decisionId: DEC, type: 'ExpertConsultationHeld', data: { experts: 5 } },
  { decisionId: DIR, type: 'PositionAssigned', data: { personId: 'per_zhang', title: '局长' } },
  { decisionId: DEC, type: 'LegalityReviewOpinionIssued', data: { opinion: 'lawful' } },
  { decisionId: OTHER, type: 'PublicCommentPeriodOpened', data: { days: 30 } },
  { decisionId: DEC, type: 'CollectiveDeliberationHeld', data: { outcome: 'approved' } },
]

export const clone = <T>(v: T): T => structuredClone(v)
