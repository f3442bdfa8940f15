import type { FastifyInstance } from 'fastify'


/** Twilio's answer when the call is already over: hanging it up again has nothing left to do. */
const alreadyOver = new Set([20404, 21220])

export interface RestFailure {
  status?: number
  code?: number
  message: string
}

export function restFailure(error: unknown): RestFailure {
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown }
  return {
    status: typeof status === 'number' ? status : undefined,
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : String(error),
  }
}

/** 4xx answers will not change on retry; network errors and 5xx may. */
export function isPermanent(error: unknown): boolean {
  const { status } = restFailure(error)
  return status !== undefined && status >= 400 && status < 500 && status !== 429
}

export async function redirectCall(app: FastifyInstance, callSid: string, twiml: string): Promise<void> {
  await app.telephony.rest.calls(callSid).update({ twiml })
}

export async function hangUpCall(app: FastifyInstance, callSid: string): Promise<void> {
  try {
    await app.telephony.rest.calls(callSid).update({ status: 'completed' })
  } catch (error) {
    if (!alreadyOver.has(restFailure(error).code ?? 0)) throw error
  }
}
