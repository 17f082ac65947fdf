// One atomic unit as one PostgreSQL round trip. Kysely compiles each query with `$n` placeholders;
// here they are replaced by literals and the statements joined into one multi-statement string
// sent with the simple query protocol, which PostgreSQL runs as one implicit transaction: it
// commits after the last statement, or rolls back entirely at the first error (and the connection
// is left clean, no aborted transaction block to end). No BEGIN/COMMIT round trips, and a lock
// taken inside the string is held only for the server's own execution and the commit.
//
// Every value becomes a quoted literal of type unknown, exactly what node-postgres sends for a
// bound parameter (text with type OID 0): the server resolves its type from the context the same
// way, so a value accepted or refused as a parameter is accepted or refused as a literal. Strings
// use the escape-string syntax E'…' with every backslash and quote doubled, which reads the same
// whatever `standard_conforming_strings` is; NUL cannot be sent in text at all and is refused with
// the server's own error code.

/** A value refused before it reaches the server (PostgreSQL's code for NUL in text is 22021). */
export class PgLiteralError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
    this.name = 'PgLiteralError'
  }
}

const quote = (s: string): string => {
  if (s.includes('\0')) throw new PgLiteralError('invalid byte sequence for encoding "UTF8": 0x00', '22021')
  return `E'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** A parameter value as an SQL literal with the meaning node-postgres gives the bound value. */
export function pgLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  switch (typeof value) {
    case 'string':
      return quote(value)
    case 'number':
    case 'bigint':
    case 'boolean':
      return quote(String(value))
  }
  if (value instanceof Uint8Array)
    return quote(`\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`)
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new PgLiteralError('invalid date', '22007')
    return quote(value.toISOString())
  }
  throw new TypeError(`no SQL literal for a parameter of type ${Object.prototype.toString.call(value)}`)
}

const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c)

/**
 * Replaces the `$n` placeholders of one statement by the literals of `parameters`. Placeholders
 * are recognised only outside string literals ('…', E'…'), quoted identifiers, comments and
 * dollar-quoted strings, so `$1` written inside any of those stays text. A `;` outside them is
 * refused: one compiled query must stay one statement, so results map back one to one.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  let out = ''
  let i = 0
  const n = text.length
  const fail = (what: string): never => {
    throw new Error(`inlineParameters: ${what} in ${JSON.stringify(text.slice(0, 200))}`)
  }
  while (i < n) {
    const c = text[i] as string
    if (c === "'") {
      // E'…' (backslash escapes) when the quote follows a lone e/E; '' is a quote either way.
      const escapes = /[eE]/.test(text[i - 1] ?? '') && !isIdentChar(text[i - 2])
      let j = i + 1
      for (;;) {
        if (j >= n) fail('unterminated string literal')
        const d = text[j]
        if (escapes && d === '\\') j += 2
        else if (d === "'" && text[j + 1] === "'") j += 2
        else if (d === "'") break
        else j++
      }
      out += text.slice(i, j + 1)
      i = j + 1
    } else if (c === '"') {
      let j = i + 1
      for (;;) {
        if (j >= n) fail('unterminated quoted identifier')
        if (text[j] === '"' && text[j + 1] === '"') j += 2
        else if (text[j] === '"') break
        else j++
      }
      out += text.slice(i, j + 1)
      i = j + 1
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i)
      const j = end < 0 ? n : end
      out += text.slice(i, j)
      i = j
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 1
      let j = i + 2
      while (depth > 0) {
        if (j >= n) fail('unterminated comment')
        if (text[j] === '/' && text[j + 1] === '*') {
          depth++
          j += 2
        } else if (text[j] === '*' && text[j + 1] === '/') {
          depth--
          j += 2
        } else j++
      }
      out += text.slice(i, j)
      i = j
    } else if (c === '$' && !isIdentChar(text[i - 1])) {
      const param = /^\$(\d+)/.exec(text.slice(i, i + 12))
      if (param) {
        const k = Number(param[1])
        if (k < 1 || k > parameters.length) fail(`no parameter $${k}`)
        out += pgLiteral(parameters[k - 1])
        i += param[0].length
        continue
      }
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 70))
      if (!tag) {
        out += c
        i++
        continue
      }
      const end = text.indexOf(tag[0], i + tag[0].length)
      if (end < 0) fail('unterminated dollar-quoted string')
      out += text.slice(i, end + tag[0].length)
      i = end + tag[0].length
    } else if (c === ';') {
      fail('a second statement')
    } else {
      out += c
      i++
    }
  }
  return out
}

/** One statement of a unit: Kysely's compiled text with `$n` placeholders, and its parameters. */
export interface Statement {
  sql: string
  parameters: readonly unknown[]
}

/** The statement's text without a trailing separator (what is inlined, or prepared). */
export const statementText = (q: Statement): string => q.sql.replace(/[\s;]+$/, '')

/** The statements as one string for the simple query protocol (one implicit transaction). */
export function unitScript(statements: readonly Statement[]): string {
  return statements.map((q) => inlineParameters(statementText(q), q.parameters)).join(';\n')
}

/**
 * `EXECUTE name(literal, …)` of a statement prepared on the session: the literals are the same
 * untyped values `pgLiteral` gives an inlined parameter, resolved against the types the server
 * inferred for `$1…$n` when it prepared the text (as it infers a bound parameter's, type OID 0).
 */
export function executeStatement(name: string, parameters: readonly unknown[]): string {
  return parameters.length === 0 ? `execute ${name}` : `execute ${name}(${parameters.map(pgLiteral).join(', ')})`
}
