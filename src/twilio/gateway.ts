import type { Telephony } from './telephony.ts'
import { dialAgent } from './twiml.ts'

/** Twilio's answer when the call is already over (not found, or no longer in progress). */
const alreadyOver = new Set([20404, 21220])
/** "Call is not in-progress. Cannot redirect." https://www.twilio.com/docs/errors/21220 */
const notInProgress = 21220

/** Whether a REST failure means the call it named is gone. */
export function callIsGone(failure: Pick<RestFailure, 'code'>): boolean {
  return alreadyOver.has(failure.code ?? 0)
}

export interface RestFailure {
  status?: number
  code?: number
  message: string
  /** 4xx answers will not change on retry; network errors, 429 and 5xx may. */
  permanent: boolean
}

export function restFailure(error: unknown): RestFailure {
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown }
  const statusCode = typeof status === 'number' ? status : undefined
  return {
    status: statusCode,
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : String(error),
    permanent: statusCode !== undefined && statusCode >= 400 && statusCode < 500 && statusCode !== 429,
  }
}

/** The REST work the app asks of Twilio, in its words. Knows calls only by their sids and urls. */
export class TwilioGateway {
  constructor(
    private readonly telephony: Pick<Telephony, 'rest' | 'number'>,
    private readonly publicUrl: () => string,
  ) {}

  /** Takes the caller out of the queue into a `<Dial><Client>` to the agent's browser. */
  async dialAgent(callSid: string, identity: string, ringSeconds: number): Promise<void> {
    try {
      await this.telephony.rest.calls(callSid).update({ twiml: dialAgent(this.publicUrl(), identity, ringSeconds) })
    } catch (error) {
      if (restFailure(error).code === notInProgress && (await this.stillRinging(callSid))) throw new Error('The caller’s call has not started yet; trying again')
      throw error
    }
  }

  /**
   * An inbound call rings until Twilio runs the TwiML our webhook answered, a moment after the answer left;
   * an agent may accept the offer inside that moment. Then a redirect is refused, but not for good.
   */
  private async stillRinging(callSid: string): Promise<boolean> {
    const { status } = await this.telephony.rest.calls(callSid).fetch()
    return status === 'queued' || status === 'ringing'
  }

  /** Twilio's status of a call, or null when Twilio no longer knows it. */
  async callStatus(callSid: string): Promise<string | null> {
    try {
      return (await this.telephony.rest.calls(callSid).fetch()).status
    } catch (error) {
      if (restFailure(error).status === 404) return null
      throw error
    }
  }

  async hangUp(callSid: string): Promise<void> {
    try {
      await this.telephony.rest.calls(callSid).update({ status: 'completed' })
    } catch (error) {
      if (!callIsGone(restFailure(error))) throw error
    }
  }

  /**
   * Rings the agent's own browser for an outbound call. Its TwiML comes from a URL, not inline, because
   * Twilio sends status callbacks only for calls whose TwiML it fetched. Returns the agent leg's CallSid.
   */
  async ringAgentBrowser(callId: number, identity: string, ringSeconds: number): Promise<string> {
    const base = `${this.publicUrl()}/twilio/outbound/${callId}`
    const call = await this.telephony.rest.calls.create({
      to: `client:${identity}`,
      from: this.telephony.number,
      url: base,
      method: 'POST',
      statusCallback: `${base}/status`,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['completed'],
      timeout: ringSeconds,
    })
    return call.sid
  }
}
