import type { SimContext } from './context.ts'
import type { WebhookKind } from './events.ts'
import { signTwilioRequest } from './signature.ts'

export interface WebhookRequest {
  kind: WebhookKind
  callSid: string | null
  url: string
  method: 'GET' | 'POST'
  params: Record<string, string>
  signal?: AbortSignal
}

export interface WebhookResponse {
  status: number
  contentType: string
  body: string
}

/** A webhook that could not be used; `code` is the Twilio error code the debugger would show. */
export class WebhookError extends Error {
  constructor(readonly code: number, message: string) {
    super(message)
  }
}

/** Sends one signed request the way Twilio does, within the webhook time budget. */
export async function requestWebhook(sim: SimContext, req: WebhookRequest): Promise<WebhookResponse> {
  const target = req.method === 'GET' ? withQuery(req.url, req.params) : req.url
  const body = req.method === 'POST' ? new URLSearchParams(req.params).toString() : undefined
  const signature = signTwilioRequest(sim.options.authToken, target, req.method === 'POST' ? req.params : {})
  const timeout = AbortSignal.timeout(sim.options.webhookTimeoutMs)
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout
  try {
    const res = await fetch(target, { method: req.method, body, signal, headers: headers(signature, body) })
    const text = await res.text()
    emitWebhook(sim, req, target, res.status, null)
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text }
  } catch (error) {
    if (req.signal?.aborted) throw req.signal.reason
    const reason = timeout.aborted ? `no answer within ${sim.options.webhookTimeoutMs} ms` : describe(error)
    emitWebhook(sim, req, target, null, reason)
    throw new WebhookError(11205, `HTTP connection failure: ${reason} (${req.method} ${target})`)
  }
}

function headers(signature: string, body: string | undefined): Record<string, string> {
  const base: Record<string, string> = {
    'X-Twilio-Signature': signature,
    'User-Agent': 'TwilioProxy/1.1',
    Accept: '*/*',
    'I-Twilio-Idempotency-Token': crypto.randomUUID(),
  }
  if (body !== undefined) base['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8'
  return base
}

function withQuery(url: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString()
  if (!query) return url
  return url + (url.includes('?') ? '&' : '?') + query
}

function emitWebhook(sim: SimContext, req: WebhookRequest, url: string, statusCode: number | null, error: string | null): void {
  sim.events.emit({ type: 'webhook', callSid: req.callSid, kind: req.kind, method: req.method, url, params: req.params, statusCode, error })
}

function describe(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) return error.cause.message
  return error instanceof Error ? error.message : String(error)
}
