import type { Call } from '../calls/call.ts'
import { callParams } from '../calls/params.ts'
import type { SimContext } from '../context.ts'
import type { WebhookKind } from '../events.ts'
import type { WebhookResponse } from '../webhooks.ts'
import { requestWebhook, WebhookError } from '../webhooks.ts'
import type { TwimlDocument } from './parse.ts'
import { parseTwiml } from './parse.ts'
import type { TwimlSource } from './source.ts'

const TWIML_TYPES = ['text/xml', 'application/xml', 'text/html']

/** Fetches (or takes inline) the next TwiML document and parses it; throws WebhookError/TwimlError. */
export async function loadDocument(sim: SimContext, call: Call, source: TwimlSource, signal: AbortSignal, kind?: WebhookKind): Promise<TwimlDocument> {
  if (source.kind === 'inline') return parseTwiml(source.twiml, source.baseUrl)
  const params = { ...callParams(call), ...source.params }
  const res = await requestWebhook(sim, { kind: kind ?? source.webhook, callSid: call.sid, url: source.url, method: source.method, params, signal })
  return documentFrom(res, source.method, source.url)
}

/** A webhook's answer as TwiML; throws WebhookError (11200, 12300) or TwimlError. */
export function documentFrom(res: WebhookResponse, method: string, url: string): TwimlDocument {
  if (res.status < 200 || res.status > 299) throw new WebhookError(11200, `HTTP retrieval failure: ${res.status} from ${method} ${url}`)
  const type = res.contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  if (!TWIML_TYPES.includes(type)) throw new WebhookError(12300, `Invalid Content-Type "${res.contentType}" from ${url}`)
  return parseTwiml(res.body, url)
}

/** Requests a URL whose TwiML will not run (an action after the call left its verb); never throws. */
export async function notifyIgnoringTwiml(sim: SimContext, call: Call, source: TwimlSource): Promise<void> {
  if (source.kind !== 'url') return
  const params = { ...callParams(call), ...source.params }
  try {
    await requestWebhook(sim, { kind: source.webhook, callSid: call.sid, url: source.url, method: source.method, params })
  } catch (error) {
    sim.log?.warn({ err: error, callSid: call.sid }, 'simulator: action request failed')
  }
}
