import type { AppDeps } from '../app/deps'
import type { Actor } from '../domain/envelope'

export interface HttpOptions {
  /** The client's address, for rate limits (the runtime knows it; headers can lie). */
  clientAddress?: (req: Request, env: unknown) => string
  /** Public feedback: requests per address per window. */
  feedbackLimit?: { max: number; windowMs: number }
  /** SSE: how often to poll for new events when nothing notified (ms). */
  ssePollMs?: number
}

export type Env = {
  Variables: {
    deps: AppDeps
    actor: Actor
    tokenId: string | undefined
    options: HttpOptions
    /** Set by write handlers once known, for the refusal log. */
    eventType: string | undefined
  }
}

export const PUBLIC_ACTOR: Actor = { personId: 'per_public', orgId: 'org_public', role: 'public' }
