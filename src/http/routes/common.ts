import type { Context } from 'hono'
import type { Env } from '../env'

export function clientAddress(c: Context<Env>): string {
  const fn = c.get('options').clientAddress
  return fn ? fn(c.req.raw, c.env) : 'unknown'
}
