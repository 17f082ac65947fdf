// One error type for the ledger's pure code, with a closed set of codes so the HTTP layer and the
// CLI can map each to a status / exit code (a Record<LedgerErrorCode, …> fails to compile when a
// code is added and not mapped).

export const LEDGER_ERROR_CODES = [
  'invalid-argument', // a caller bug: index out of range, wrong hash length…
  'missing-node', // the perfect-subtree store lacks a node the computation needs
  'malformed-key', // a signing or verifier key that does not parse
  'malformed-note', // a signed note that breaks the C2SP signed-note format
  'bad-signature', // a signature from a known key that does not verify
  'untrusted-note', // no signature from any supplied key
  'malformed-checkpoint', // note text that is not a C2SP tlog-checkpoint
  'origin-mismatch', // a checkpoint from another log than expected
  'malformed-cosignature', // a line that is not a tlog-cosignature/v1 signature
] as const
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number]

export class LedgerError extends Error {
  readonly code: LedgerErrorCode

  constructor(code: LedgerErrorCode, message: string) {
    super(message)
    this.name = 'LedgerError'
    this.code = code
  }
}

export function ledgerFail(code: LedgerErrorCode, message: string): never {
  throw new LedgerError(code, message)
}
