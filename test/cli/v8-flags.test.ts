// bin/v8-flags.mjs: the V8 settings every decision-trail process starts with (escape analysis off;
// docs/performance.md, eleventh round), replaceable through DECISION_TRAIL_V8_FLAGS.
import { describe, expect, it } from 'vitest'
import { applyV8Flags, DEFAULT_V8_FLAGS, v8Flags } from '../../bin/v8-flags.mjs'
import { runCli } from './run'

describe('V8 flags', () => {
  it('are escape analysis off by default; DECISION_TRAIL_V8_FLAGS replaces them, empty for none', () => {
    expect(DEFAULT_V8_FLAGS).toEqual(['--no-turbo-escape'])
    expect(v8Flags({})).toEqual(['--no-turbo-escape'])
    expect(v8Flags({ DECISION_TRAIL_V8_FLAGS: '' })).toEqual([])
    expect(v8Flags({ DECISION_TRAIL_V8_FLAGS: '  --max-lazy   --no-opt ' })).toEqual(['--max-lazy', '--no-opt'])
  })

  it('are each handed to V8', () => {
    const set: string[] = []
    expect(applyV8Flags({}, (f) => set.push(f))).toEqual(['--no-turbo-escape'])
    expect(set).toEqual(['--no-turbo-escape'])
    set.length = 0
    applyV8Flags({ DECISION_TRAIL_V8_FLAGS: '--a --b' }, (f) => set.push(f))
    expect(set).toEqual(['--a', '--b'])
  })

  it('reach V8 in the real CLI process, and this V8 knows the default one', async () => {
    // V8 names a flag it does not know on stderr: the CLI hands it over before anything else.
    const unknown = await runCli(['--help'], { DECISION_TRAIL_V8_FLAGS: '--no-such-v8-flag-here' })
    expect(unknown.code).toBe(0)
    expect(unknown.stderr).toContain('unrecognized flag --no-such-v8-flag-here')
    const plain = await runCli(['--help'])
    expect(plain.code).toBe(0)
    expect(plain.stderr).not.toContain('unrecognized flag')
    expect(plain.stdout).toBe(unknown.stdout)
  })
})
