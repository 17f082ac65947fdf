// Case 5: the ledger over the large data set (1,000,000 events sequenced; --quick: 20,000):
//   - full verification, as `decision-trail verify --db` does it (ledger.md §4): every event's
//     hash recomputed from its canonical JSON, every stream's chain and head, every leaf and every
//     stored node recomputed level by level, every checkpoint's signature, root and consistency;
//   - an inclusion proof at the full tree size (GET /v1/ledger/proofs/inclusion's use case) for
//     random leaves.
// Both only read: they run on the cached database itself.
import { auditDatabase } from '../../src/app/ledger-audit'
import { createDeps } from '../../src/compose'
import { formatVerifierKey, parseVerifierKey, publicKeyRaw } from '../../src/ledger/note'
import { openSqlite } from '../../src/store/sqlite'
import { datasetKey } from '../lib/dataset'
import { latencies, now, round, sample, thresholdRow } from '../lib/measure'
import { mix, Rng } from '../lib/random'
import type { BenchCase, CaseResult } from '../lib/types'

export default {
  title: 'ledger: full verification of 1,000,000 events, an inclusion proof at 1,000,000 leaves',
  async run(ctx): Promise<CaseResult[]> {
    const spec = ctx.quick ? { decisions: 2000, events: 20_000 } : { decisions: 100_000, events: 1_000_000 }
    const dataset = await ctx.dataset(spec)
    const backend = openSqlite(dataset.file)
    const key = datasetKey(ctx.seed)
    const deps = createDeps(backend, { ledger: { origin: dataset.origin, signingKey: key } })
    const { db } = deps.store
    const events = Number(
      (
        await db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

    // Full verification with the log's verifier key.
    const vkey = parseVerifierKey(formatVerifierKey(dataset.origin, publicKeyRaw(key)))
    const t0 = now()
    const results = await auditDatabase({ backend, key: vkey })
    const seconds = (now() - t0) / 1000
    const last = results.at(-1)
    if (!last?.ok) throw new Error(`the data set does not verify: ${JSON.stringify(last)}`)
    ctx.log(`verified ${events.toLocaleString()} events in ${seconds.toFixed(1)} s: ${last.detail}`)

    // Inclusion proofs at the full tree size.
    const checkpoint = await deps.ledger.ensureCheckpoint()
    const size = checkpoint.treeSize
    const rng = new Rng(mix(ctx.seed, 5))
    for (let i = 0; i < 200; i++) await deps.ledger.inclusionProofs([rng.int(0, size - 1)], size)
    const proofs = latencies(
      await sample(ctx.quick ? 1000 : 5000, () => deps.ledger.inclusionProofs([rng.int(0, size - 1)], size)),
    )
    ctx.log(
      `inclusion proof at ${size.toLocaleString()} leaves: p50 ${proofs.p50.toFixed(3)} ms, p99 ${proofs.p99.toFixed(3)} ms`,
    )
    await backend.close()

    return [
      thresholdRow({
        name: '5 ledger: full verification',
        metric: `${events.toLocaleString()} events, verify --db`,
        unit: 'events/s',
        value: events / seconds,
        min: 200_000,
        goal: '≥ 200,000 events/s',
        details: { events, seconds: round(seconds, 2), checks: results.length },
      }),
      thresholdRow({
        name: '5 ledger: inclusion proof p99',
        metric: `at ${size.toLocaleString()} leaves`,
        unit: 'ms',
        value: proofs.p99,
        max: 1,
        goal: '< 1 ms',
        details: { treeSize: size, p50Ms: round(proofs.p50, 3), maxMs: round(proofs.max, 3), samples: proofs.n },
      }),
    ]
  },
} satisfies BenchCase
