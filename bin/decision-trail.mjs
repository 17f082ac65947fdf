#!/usr/bin/env node
// Runs the CLI (src/cli/main.ts) with no build step for the user (`npm install && npm start`): the
// sources compiled into modules, built on first start and cached (compiled-cli.mjs); through
// tsx's loader instead where that cannot be done, or with DECISION_TRAIL_TSX=1. (Stack traces name
// the TypeScript lines either way with NODE_OPTIONS=--enable-source-maps.) V8's settings first
// (v8-flags.mjs).
import { compiledCli } from './compiled-cli.mjs'
import { applyV8Flags } from './v8-flags.mjs'

applyV8Flags()

const compiled = process.env.DECISION_TRAIL_TSX === '1' ? undefined : await compiledCli()
if (compiled) {
  await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
