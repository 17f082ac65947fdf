// The part of autocannon 8's API the bench uses (the package ships no types, and
// @types/autocannon is not a dependency).
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string
    }
    interface Options {
      url: string
      connections?: number
      duration?: number
      amount?: number
      timeout?: number
      requests?: Array<Request & { setupRequest?: (req: Request) => Request }>
    }
    interface Histogram {
      average: number
      mean: number
      stddev: number
      min: number
      max: number
      p50: number
      p90: number
      p97_5: number
      p99: number
      p99_9: number
      total: number
    }
    interface Result {
      duration: number
      errors: number
      timeouts: number
      non2xx: number
      '2xx': number
      '4xx': number
      '5xx': number
      latency: Histogram
      requests: Histogram
      statusCodeStats?: Record<string, { count: number }>
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>
  export default autocannon
}
