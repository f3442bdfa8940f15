import { Call } from '../calls/call.ts'
import { registerCall } from '../calls/lifecycle.ts'
import { statusCallbackConfig } from '../calls/status-callbacks.ts'
import type { XmlElement } from './xml.ts'
import type { VerbContext } from './context.ts'
import type { TwimlVerb } from './parse.ts'
import { isElement, textOf, TwimlError } from './parse.ts'
import { resolveUrl } from './source.ts'

interface DialTarget {
  to: string
  noun: XmlElement | null
  customParameters: Record<string, string>
}

/** Creates one child leg (`outbound-dial`) per <Client>/<Number> of a <Dial>. */
export function createDialLegs(ctx: VerbContext, verb: TwimlVerb): { leg: Call; customParameters: Record<string, string> }[] {
  return dialTargets(verb).map((target) => ({ leg: createLeg(ctx, verb, target), customParameters: target.customParameters }))
}

function dialTargets(verb: TwimlVerb): DialTarget[] {
  if (verb.nouns.length === 0) {
    if (!verb.text) throw new TwimlError(12200, '<Dial> has nothing to dial')
    return [{ to: verb.text, noun: null, customParameters: {} }]
  }
  if (verb.nouns.length > 10) throw new TwimlError(12200, '<Dial> may ring at most 10 nouns')
  return verb.nouns.map(target)
}

function target(noun: XmlElement): DialTarget {
  if (noun.name === 'Number') return { to: textOf(noun), noun, customParameters: {} }
  if (noun.name !== 'Client') throw new TwimlError(12200, `<Dial><${noun.name}> is not simulated`)
  const children = noun.children.filter(isElement)
  const identityElement = children.find((c) => c.name === 'Identity')
  const identity = identityElement ? textOf(identityElement) : textOf(noun)
  if (!identity || /\s/.test(identity) || identity.length > 256) throw new TwimlError(12200, `invalid <Client> identity "${identity}"`)
  const customParameters = Object.fromEntries(
    children.filter((c) => c.name === 'Parameter').map((p) => [p.attributes.name ?? '', p.attributes.value ?? '']),
  )
  return { to: `client:${identity}`, noun, customParameters }
}

function createLeg(ctx: VerbContext, verb: TwimlVerb, target: DialTarget): Call {
  const { sim, call } = ctx
  const attrs = target.noun?.attributes ?? {}
  const callbackUrl = attrs.statusCallback ? resolveUrl(attrs.statusCallback, ctx.doc.baseUrl) : undefined
  const leg = new Call({
    accountSid: call.accountSid,
    direction: 'outbound-dial',
    from: verb.attributes.callerId ?? call.from,
    to: target.to,
    status: 'queued',
    parentCallSid: call.sid,
    endpoint: target.to.startsWith('client:') ? { kind: 'device', identity: target.to.slice(7), connectionId: null } : { kind: 'number', number: target.to },
    statusCallback: statusCallbackConfig(callbackUrl, attrs.statusCallbackMethod, [attrs.statusCallbackEvent ?? '']),
  })
  registerCall(sim, leg)
  sim.events.emit({ type: 'dial', callSid: call.sid, childCallSid: leg.sid, to: leg.to })
  call.addLog('status', `Dialing ${leg.to}`)
  return leg
}
