import type { SimContext } from '../context.ts'
import type { Call } from './call.ts'
import { afterFarEndAnswered, farEndAnswer } from './far-end.ts'
import { endCall, setStatus } from './lifecycle.ts'
import type { CallStatus } from './status.ts'

type RingResult = 'answered' | 'busy' | 'failed' | 'no-answer' | 'canceled' | 'ended'

/** Rings a new leg (a Device or a simulated number) until answer, refusal, timeout or cancel; returns its status. */
export async function ringLeg(sim: SimContext, leg: Call, timeoutMs: number, signal?: AbortSignal, customParameters: Record<string, string> = {}): Promise<CallStatus> {
  setStatus(sim, leg, 'initiated')
  setStatus(sim, leg, 'ringing')
  const answer = leg.to.startsWith('client:') ? sim.devices.ring(leg, leg.to.slice('client:'.length), customParameters) : farEndAnswer(sim, leg)
  const result = await firstOf(answer, timeoutMs, leg, signal)
  settle(sim, leg, result)
  return leg.status
}

function settle(sim: SimContext, leg: Call, result: RingResult): void {
  if (result === 'answered') {
    setStatus(sim, leg, 'in-progress')
    if (leg.endpoint.kind === 'number') afterFarEndAnswered(sim, leg)
  } else if (result === 'canceled') endCall(sim, leg, 'caller hung up')
  else if (result !== 'ended') setStatus(sim, leg, result)
}

function firstOf(answer: Promise<'answered' | 'busy' | 'failed'>, timeoutMs: number, leg: Call, signal?: AbortSignal): Promise<RingResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done('no-answer'), timeoutMs)
    const onAbort = (): void => done('canceled')
    signal?.addEventListener('abort', onAbort, { once: true })
    if (signal?.aborted) onAbort()
    void answer.then(done, () => done('failed'))
    void leg.ended.then(() => done('ended'))
    function done(result: RingResult): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      resolve(result)
    }
  })
}
