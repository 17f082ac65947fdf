/** The V8 flags decision-trail's processes run with by default. */
export const DEFAULT_V8_FLAGS: readonly string[]

/** The flags to set for `env`: DECISION_TRAIL_V8_FLAGS when given (empty: none), else the defaults. */
export function v8Flags(env?: Record<string, string | undefined>): readonly string[]

/** Sets the flags for `env` in this process (through `set`, V8's by default); returns them. */
export function applyV8Flags(env?: Record<string, string | undefined>, set?: (flag: string) => void): readonly string[]
