import { createHmac } from 'node:crypto'

export type FormParams = Record<string, string | readonly string[]>

/** X-Twilio-Signature: HMAC-SHA1 over the URL followed by every POST parameter (name + value), sorted by name. */
export function signTwilioRequest(authToken: string, url: string, params: FormParams = {}): string {
  const names = Object.keys(params).sort()
  const payload = names.reduce((acc, name) => acc + paramText(name, params[name] ?? ''), url)
  return createHmac('sha1', authToken).update(Buffer.from(payload, 'utf8')).digest('base64')
}

function paramText(name: string, value: string | readonly string[]): string {
  const values = typeof value === 'string' ? [value] : [...value].sort()
  return values.map((v) => name + v).join('')
}
