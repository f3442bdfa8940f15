import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { ResolvedOptions } from '../options.ts'
import { RestError } from './errors.ts'

/** HTTP Basic with the account SID + auth token, or an API key SID + secret, as Twilio accepts. */
export function authenticate(request: FastifyRequest, options: ResolvedOptions): void {
  const [scheme, encoded] = (request.headers.authorization ?? '').split(' ')
  const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : ''
  const colon = decoded.indexOf(':')
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  const ok = colon > 0 && (
    (user === options.accountSid && same(password, options.authToken)) ||
    (user === options.apiKeySid && same(password, options.apiKeySecret)))
  if (!ok) throw new RestError(401, 20003, 'Authenticate')
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
