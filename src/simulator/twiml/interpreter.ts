import type { Call } from '../calls/call.ts'
import { isInterruption, Interruption } from '../calls/call.ts'
import { endCall, setStatus } from '../calls/lifecycle.ts'
import type { SimContext } from '../context.ts'
import { WebhookError } from '../webhooks.ts'
import { loadDocument } from './load.ts'
import { TwimlError } from './parse.ts'
import { runVerbs } from './run-verbs.ts'
import type { TwimlSource } from './source.ts'

export const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.'

/** Runs TwiML for a call until it hangs up or runs out; never rejects. */
export function startInterpreter(sim: SimContext, call: Call, source: TwimlSource): void {
  call.interpreterRunning = true
  interpret(sim, call, source)
    .catch((error: unknown) => applicationError(sim, call, 0, `simulator bug: ${String(error)}`))
    .finally(() => (call.interpreterRunning = false))
}

/** A REST update with Url/Twiml: the running verb stops and the new document runs. */
export function redirectCall(sim: SimContext, call: Call, source: TwimlSource): void {
  call.pendingRedirect = source
  call.breakBridge()
  if (call.interpreterRunning) call.scope.abort(new Interruption('redirect'))
  else startInterpreter(sim, call, takeRedirect(call) ?? source)
}

async function interpret(sim: SimContext, call: Call, first: TwimlSource): Promise<void> {
  let source: TwimlSource | null = first
  while (source && call.isLive) source = await runDocument(sim, call, source)
  endCall(sim, call, 'TwiML ended')
}

async function runDocument(sim: SimContext, call: Call, source: TwimlSource): Promise<TwimlSource | null> {
  const scope = new AbortController()
  call.scope = scope
  try {
    const doc = await loadDocument(sim, call, source, scope.signal)
    if (call.pendingRedirect) return takeRedirect(call)
    if (call.status === 'ringing') setStatus(sim, call, 'in-progress')
    const next = await runVerbs({ sim, call, doc, signal: scope.signal }, doc.verbs)
    if (call.pendingRedirect) return takeRedirect(call)
    return next.kind === 'goto' ? next.source : null
  } catch (error) {
    if (isInterruption(error) || scope.signal.aborted) return takeRedirect(call)
    if (error instanceof WebhookError || error instanceof TwimlError) applicationError(sim, call, error.code, error.message)
    else throw error
    return null
  }
}

function takeRedirect(call: Call): TwimlSource | null {
  const source = call.pendingRedirect
  call.pendingRedirect = null
  return call.isLive ? source : null
}

/** What Twilio does when the app's TwiML cannot be used: apologise, log, end the call `failed`. */
export function applicationError(sim: SimContext, call: Call, code: number, message: string): void {
  if (!call.isLive) return
  sim.log?.warn({ callSid: call.sid, code }, `simulator: application error: ${message}`)
  sim.events.emit({ type: 'error', callSid: call.sid, code, message })
  call.addLog('error', `Error ${code}: ${message}`)
  call.addLog('speech', `Said: "${APPLICATION_ERROR}"`)
  setStatus(sim, call, 'failed', 'application error')
}
