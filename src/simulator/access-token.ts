import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

const headerSchema = z.object({ alg: z.literal('HS256'), typ: z.string().optional(), cty: z.string().optional() })

const payloadSchema = z.object({
  iss: z.string(),
  sub: z.string(),
  exp: z.number(),
  nbf: z.number().optional(),
  grants: z.object({
    identity: z.string().min(1),
    voice: z.object({ incoming: z.object({ allow: z.literal(true) }) }),
  }),
})

export interface TokenKeys {
  accountSid: string
  apiKeySid: string
  apiKeySecret: string
}

export type TokenCheck =
  | { ok: true; identity: string; expiresAt: number }
  | { ok: false; code: 20101 | 20104; message: string }

/** Verifies an AccessToken with a VoiceGrant the way Twilio's signalling would (HS256, iss, sub, exp, grant). */
export function verifyAccessToken(token: string, keys: TokenKeys, nowMs = Date.now()): TokenCheck {
  const [header, payload, signature] = token.split('.')
  if (!header || !payload || !signature) return invalid('not a JWT')
  const expected = createHmac('sha256', keys.apiKeySecret).update(`${header}.${payload}`).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid('bad signature')
  const head = headerSchema.safeParse(decode(header))
  const body = payloadSchema.safeParse(decode(payload))
  if (!head.success || !body.success) return invalid('not a voice access token with incoming allowed')
  const claims = body.data
  if (claims.iss !== keys.apiKeySid || claims.sub !== keys.accountSid) return invalid('issued for another key or account')
  if (claims.exp * 1000 <= nowMs) return { ok: false, code: 20104, message: 'Access Token expired or expiration date invalid' }
  return { ok: true, identity: claims.grants.identity, expiresAt: claims.exp * 1000 }
}

function invalid(why: string): TokenCheck {
  return { ok: false, code: 20101, message: `Invalid Access Token: ${why}` }
}

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}
