// The V8 settings decision-trail's processes run with, set at the very start (bin/decision-trail.mjs,
// and the bench's processes), before any of its code is hot enough for V8 to optimize. Flags are
// process-wide, so worker threads run with them too.
//
// --no-turbo-escape: TurboFan's escape analysis off. With it on (V8's default), the optimized code
// of one decision's report made every scavenge of the young generation promote ~450 KB to the old
// one and spend ~0.7 ms on its roots in the compiled build, at 2.8–3.4 ms a scavenge; with it off,
// ~170 KB, ~0.07 ms and 1.4–1.7 ms, and the evaluations themselves were no slower
// (docs/performance.md, eleventh round).
//
// DECISION_TRAIL_V8_FLAGS replaces the list (space-separated V8 flags; empty: V8's defaults), to
// compare or to step back after a Node upgrade without a release.
import { setFlagsFromString } from 'node:v8'

export const DEFAULT_V8_FLAGS = ['--no-turbo-escape']

/** The flags to set for `env`: DECISION_TRAIL_V8_FLAGS when given (empty: none), else the defaults. */
export function v8Flags(env = process.env) {
  const chosen = env.DECISION_TRAIL_V8_FLAGS
  if (chosen === undefined) return DEFAULT_V8_FLAGS
  return chosen.split(/\s+/).filter((flag) => flag !== '')
}

/** Sets the flags for `env` in this process; returns them. */
export function applyV8Flags(env = process.env, set = setFlagsFromString) {
  const flags = v8Flags(env)
  for (const flag of flags) set(flag)
  return flags
}
