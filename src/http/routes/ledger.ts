// The global Merkle ledger over HTTP (ledger.md §3). Who may read what:
// - key, checkpoints and consistency proofs: anyone, the public included. They are hashes of the
//   whole log and say nothing about any event but how many there are; witnesses and auditors must
//   be able to fetch them without an account.
// - inclusion proofs: whoever may read the event (the public: the public record of a published,
//   disclosable decision; the directory: authenticated roles).
// - the export bundle: authenticated roles that may read the decision (it holds every event as
//   stored; the public record is /v1/public/decisions/{id}).
// - cosignatures: any authenticated caller; the witness's signature is what is checked.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { recordIdempotent } from '../../app/idempotency'
import { consistencyProofFor, exportDecision, inclusionProofFor } from '../../app/ledger-export'
import { DomainError } from '../../domain/errors'
import { parseOrThrow, parseQuery } from '../../domain/validation'
import { recordAccess } from '../access'
import { readJson } from '../body'
import type { Env } from '../env'
import { createOnce, idempotencyOf } from '../idempotency'
import { decodeCursor, page, parseLimit } from '../pagination'
import { idempotencyHeader, json, param, problems, route } from '../route'
import { clientAddress } from './common'

const Size = z
  .string()
  .regex(/^(0|[1-9]\d{0,14})$/, 'a tree size: a non-negative integer')
  .transform(Number)
const Hex = z.string().regex(/^[0-9a-f]{64}$/)

const KeyView = z
  .object({ origin: z.string(), keyId: z.string(), verifierKey: z.string(), publicKey: z.string() })
  .meta({ id: 'LedgerKey' })
const InclusionView = z
  .object({ eventId: z.string(), ledgerIndex: z.number(), treeSize: z.number(), leafHash: Hex, hashes: z.array(Hex) })
  .meta({ id: 'InclusionProof' })
const ConsistencyView = z
  .object({ from: z.number(), to: z.number(), hashes: z.array(Hex) })
  .meta({ id: 'ConsistencyProof' })
const CheckpointItem = z.object({
  treeSize: z.number(),
  rootHash: Hex,
  signedAt: z.string(),
  cosignatures: z.number(),
})
const CosignBody = z.strictObject({
  treeSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  cosignatures: z.array(z.string().min(1).max(1000)).min(1).max(100),
})

const InclusionQuery = z.strictObject({ eventId: z.string().min(1).max(200), treeSize: Size.optional() })
const ConsistencyQuery = z.strictObject({ from: Size, to: Size.optional() })
const CheckpointsQuery = z.strictObject({
  size: Size.optional(),
  limit: z.string().optional(),
  cursor: z.string().optional(),
})
const isTreeSize = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
const ExportQuery = z.strictObject({ since: Size.optional() })

const textPlain = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } })
const NOTE_TYPE = 'text/plain; charset=utf-8'

export function ledgerRoutes(app: OpenAPIHono<Env>): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/ledger/key',
      summary: 'The log’s public key: origin, key id, note verifier key (vkey) and raw key',
      description:
        'Fetch this once, out of band, and keep it: an auditor must never take the key from a bundle. Public.',
      tags: ['Ledger'],
      responses: { 200: json(KeyView, 'The verifier key') },
    },
    (c) => c.json(c.get('deps').ledger.keyInfo()),
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/ledger/checkpoint',
      summary: 'The latest signed checkpoint (C2SP tlog-checkpoint as a signed note)',
      description: 'Witness cosignature lines received for it are appended after the log’s signature. Public.',
      tags: ['Ledger'],
      responses: { 200: textPlain('The signed note'), ...problems(503) },
    },
    async (c) => {
      const ledger = c.get('deps').ledger
      const note = await ledger.servedNote(await ledger.ensureCheckpoint())
      return c.body(note, 200, { 'Content-Type': NOTE_TYPE })
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/ledger/checkpoints',
      summary: 'A historical checkpoint (?size=), or the list of every checkpoint signed',
      description:
        'With `size`, the signed note of that tree size (text/plain, with cosignatures). Without, a page of ' +
        '`{ treeSize, rootHash, signedAt, cosignatures }`, oldest first. Public.',
      tags: ['Ledger'],
      request: { query: CheckpointsQuery },
      responses: {
        200: {
          description: 'A signed note, or a page of checkpoints',
          content: {
            'text/plain': { schema: z.string() },
            'application/json': {
              schema: z.object({ items: z.array(CheckpointItem), nextCursor: z.string().nullable() }),
            },
          },
        },
        ...problems(400, 404),
      },
    },
    async (c) => {
      const q = parseQuery(CheckpointsQuery, c.req.query())
      const ledger = c.get('deps').ledger
      if (q.size !== undefined) {
        const row = await ledger.checkpoint(q.size)
        if (!row) throw new DomainError('not-found', `No checkpoint of tree size ${q.size} was signed.`)
        return c.body(await ledger.servedNote(row), 200, { 'Content-Type': NOTE_TYPE })
      }
      const limit = parseLimit(q.limit)
      const after = decodeCursor(q.cursor, isTreeSize) ?? -1
      const { items, nextCursor } = page(await ledger.listCheckpoints(after, limit + 1), limit, (r) => r.treeSize)
      const counts = await ledger.cosignatureCounts(items.map((r) => r.treeSize))
      return c.json({
        items: items.map((r) => ({
          treeSize: r.treeSize,
          rootHash: r.rootHash,
          signedAt: r.signedAt,
          cosignatures: counts.get(r.treeSize) ?? 0,
        })),
        nextCursor,
      })
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/ledger/proofs/inclusion',
      summary: 'RFC 9162 inclusion proof of an event',
      description:
        'Against `treeSize` (default: the latest checkpoint, signed first if it does not cover the event). ' +
        'Hashes are lowercase hex, in RFC 9162 order. For events the caller may read; the public: the public ' +
        'record of published, disclosable decisions.',
      tags: ['Ledger'],
      request: { query: InclusionQuery },
      responses: { 200: json(InclusionView, 'The proof'), ...problems(400, 401, 403, 404) },
    },
    async (c) => {
      const q = parseQuery(InclusionQuery, c.req.query())
      return c.json(await inclusionProofFor(c.get('deps'), c.get('actor'), q.eventId, q.treeSize))
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/ledger/proofs/consistency',
      summary: 'RFC 9162 consistency proof between two tree sizes',
      description:
        '`to` defaults to the latest checkpoint. Empty when `from` is 0 or equals `to`. Hashes in hex. Public.',
      tags: ['Ledger'],
      request: { query: ConsistencyQuery },
      responses: { 200: json(ConsistencyView, 'The proof'), ...problems(400) },
    },
    async (c) => {
      const q = parseQuery(ConsistencyQuery, c.req.query())
      return c.json(await consistencyProofFor(c.get('deps'), q.from, q.to))
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions/{id}/export',
      summary: 'A verifiable bundle of the decision (for `decision-trail verify`)',
      description:
        'Events as stored with their ledger index, a signed checkpoint covering them, one inclusion proof per ' +
        'event, and the directory events the trail relies on with their proofs. `since` adds the consistency ' +
        'proof from that tree size (`sinceProof`), for `verify --since`. Any role that may read the decision; ' +
        'not the public.',
      tags: ['Ledger'],
      request: { params: z.object({ id: z.string() }), query: ExportQuery },
      responses: {
        200: json(z.object({ format: z.string() }).passthrough(), 'The bundle'),
        ...problems(400, 401, 403, 404, 503),
      },
    },
    async (c) => {
      const q = parseQuery(ExportQuery, c.req.query())
      const bundle = await exportDecision(c.get('deps'), c.get('actor'), param(c, 'id'), { since: q.since })
      await recordAccess(c, [{ kind: 'export', decisionId: param(c, 'id') }])
      c.header('Content-Disposition', `attachment; filename="${param(c, 'id')}.bundle.json"`)
      return c.json(bundle)
    },
  )

  route(
    app,
    {
      method: 'post',
      path: '/v1/ledger/cosignatures',
      summary: 'Submit witness cosignatures (C2SP tlog-cosignature/v1 lines) of a checkpoint',
      description:
        'Each line must verify over the stored checkpoint of `treeSize` with a witness key configured in ' +
        'LEDGER_WITNESS_KEYS; all lines are stored or none. A line already stored is accepted again (naturally ' +
        'idempotent); with an Idempotency-Key a retry gets the original response, and the key on another body is ' +
        '422. Any authenticated caller: the signature is what authenticates the witness.',
      tags: ['Ledger'],
      request: { body: { content: { 'application/json': { schema: CosignBody } }, required: true } },
      parameters: [idempotencyHeader],
      responses: {
        201: json(
          z.object({
            treeSize: z.number(),
            cosignatures: z.array(z.object({ name: z.string(), keyId: z.string(), timestamp: z.number() })),
          }),
          'Stored',
        ),
        ...problems(400, 401, 403, 404, 413, 422),
      },
    },
    async (c) => {
      if (c.get('actor').role === 'public') {
        throw new DomainError(
          'forbidden',
          'Missing permission: submit cosignatures (role public). Use any token; the cosignature itself is verified.',
          undefined,
          { permission: 'submit cosignatures' },
        )
      }
      const raw = await readJson(c)
      const body = parseOrThrow(CosignBody, raw)
      const deps = c.get('deps')
      const idempotency = idempotencyOf(c, raw, clientAddress(c))
      // Idempotency-Key (api.md §2), its record in the same atomic unit as the lines it stores.
      return createOnce(c, idempotency, async () => {
        const stored = await deps.ledger.addCosignatures(body.treeSize, body.cosignatures, (response) =>
          recordIdempotent(deps, idempotency, { status: 201, body: response }),
        )
        return c.json(stored, 201)
      })
    },
  )
}
