import type { FastifyBaseLogger, FastifyRequest } from 'fastify'

export interface SimulatorOptions {
  accountSid: string
  authToken: string
  apiKeySid: string
  apiKeySecret: string
  /** The team number callers dial, E.164. */
  phoneNumber: string
  /** Absolute URL of the app's voice webhook; signatures are computed over exactly this. */
  voiceUrl: () => string
  /**
   * Absolute URL this simulator is reachable at, e.g. `http://127.0.0.1:3000/sim`: the base of RecordingUrl and
   * media_url (where Twilio would say https://api.twilio.com). Default: the voice webhook's origin + the mount prefix.
   */
  simulatorUrl?: () => string
  /** The phone number's call status callback (Twilio sends it `completed` only), if any. */
  statusCallbackUrl?: () => string
  /** Budget for one webhook answer; Twilio's is 15 s. */
  webhookTimeoutMs?: number
  /** Ring time when neither `<Dial timeout>` nor REST `Timeout` says otherwise. */
  ringTimeoutDefaultSec?: number
  /** Multiplies simulated media time (Say, Play, Pause, hold loops, far-end ringing); tests use ~0.01. */
  timeScale?: number
  /** A CSRF token for the caller console page to send back in `X-CSRF-Token` (the host app checks it). */
  consoleCsrfToken?: (request: FastifyRequest) => string | undefined
  log?: FastifyBaseLogger
}

export interface ResolvedOptions extends Required<Omit<SimulatorOptions, 'log' | 'statusCallbackUrl' | 'consoleCsrfToken'>> {
  statusCallbackUrl?: () => string
  consoleCsrfToken?: (request: FastifyRequest) => string | undefined
  log?: FastifyBaseLogger
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  return {
    ...options,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 15_000,
    ringTimeoutDefaultSec: options.ringTimeoutDefaultSec ?? 30,
    timeScale: options.timeScale ?? 1,
    simulatorUrl: options.simulatorUrl ?? (() => new URL(options.voiceUrl()).origin + prefixOf(options)),
  }
}

function prefixOf(options: SimulatorOptions): string {
  const prefix: unknown = (options as { prefix?: unknown }).prefix
  return typeof prefix === 'string' ? prefix.replace(/\/+$/, '') : ''
}

/** Development credentials: shaped like Twilio's, valid only against the simulator. */
export const SIMULATOR_DEFAULTS = {
  accountSid: 'AC5151515151515151515151515151515a',
  authToken: 'simulator-auth-token-0000000000000',
  apiKeySid: 'SK5151515151515151515151515151515a',
  apiKeySecret: 'simulator-api-key-secret-000000000',
  phoneNumber: '+15005550100',
} as const
