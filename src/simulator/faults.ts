import { RestError } from './rest/errors.ts'

export interface FaultRule {
  method?: string
  /** Matched against the request path, e.g. /Calls\/CA[0-9a-f]+\.json$/ */
  path: RegExp
  status: number
  code: number
  message: string
  /** How many matching requests fail; default 1. */
  times?: number
}

/** Scripted REST failures, so tests can see how an app copes when Twilio says no. */
export class Faults {
  private readonly rules: (FaultRule & { left: number })[] = []

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 })
  }

  clear(): void {
    this.rules.length = 0
  }

  /** Throws the first matching scripted failure, using it up. */
  check(method: string, path: string): void {
    const rule = this.rules.find((r) => r.left > 0 && (!r.method || r.method === method) && r.path.test(path))
    if (!rule) return
    rule.left--
    throw new RestError(rule.status, rule.code, rule.message)
  }
}
