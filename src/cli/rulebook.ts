// `decision-trail rulebook validate <file.json>`: checks a rulebook or overlay against the loaded
// rulebooks (shipped plus RULEBOOKS_DIR), naming each malformed field and each that would loosen
// its parent.
import { readFile } from 'node:fs/promises'
import type { Config } from '../config'
import { loadRulebooks } from '../node'
import { RulebookLoadError, validateRulebookDocument } from '../rules'
import type { CliIo } from './io'

export const RULEBOOK_VALIDATE_HELP = `Usage: decision-trail rulebook validate <file.json>

Checks a rulebook or overlay document: its form (every field against the rulebook schema) and,
for an overlay, that it tightens but never loosens its parent (a shorter minimum period, a
dropped mandatory check or a longer maximum is refused). It is checked against the shipped
rulebooks plus those of RULEBOOKS_DIR. Each problem is printed with the path of its field.
Exit codes: 0 valid, 1 invalid (or RULEBOOKS_DIR itself is invalid), 2 usage (no file, or the
file cannot be read).`

export async function rulebookValidateCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const [file, ...extra] = args
  if (!file || extra.length) {
    io.err(RULEBOOK_VALIDATE_HELP)
    return 2
  }
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    io.err(`cannot read ${file}: ${(e as Error).message}`)
    return 2
  }
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    io.out(`${file}: invalid\n  (root): not JSON: ${(e as Error).message}\n`)
    return 1
  }
  let registry: Awaited<ReturnType<typeof loadRulebooks>>
  try {
    registry = await loadRulebooks(config.rulebooksDir)
  } catch (e) {
    if (!(e instanceof RulebookLoadError)) throw e
    io.out(`RULEBOOKS_DIR (${config.rulebooksDir}) is invalid:\n`)
    for (const issue of e.errors) io.out(`  ${issue.document} ${issue.path}: ${issue.message}\n`)
    return 1
  }
  const result = validateRulebookDocument(doc, registry)
  if (!result.ok) {
    io.out(`${file}: invalid\n`)
    for (const issue of result.errors) io.out(`  ${issue.path}: ${issue.message}\n`)
    return 1
  }
  const r = result.rulebook
  io.out(
    `${file}: valid — ${r.id} v${r.version}${r.extends ? ` (extends ${r.extends})` : ''}, effective ${r.effectiveFrom}\n`,
  )
  return 0
}
