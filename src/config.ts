import { z } from 'zod'
import { problemsOf } from './config-rules.ts'

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value))

export const defaultDataDir = './data'

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +15550100000')

/** A duration that may be fractional (tests run panels' heartbeat at half a second). */
const seconds = z.coerce.number({ error: 'must be a number' }).min(0.1, 'must be at least 0.1').max(3600, 'must be at most 3600')

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(65535, 'must be at most 65535').default(3000),
    HOST: z.string().min(1).default('localhost'),
    DATABASE_URL: z.url({ message: 'must be a postgres:// URL' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    DATA_DIR: z.string().min(1).default(defaultDataDir),
    PUBLIC_URL: z.url({ message: 'must be an absolute http(s) URL' }).regex(/^https?:\/\//, 'must be an absolute http(s) URL').transform((url) => url.replace(/\/+$/, '')).optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    TRUST_PROXY: flag.default(false),
    OFFER_TIMEOUT_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(600, 'must be at most 600').default(30),
    AGENT_RING_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(120, 'must be at most 120').default(20),
    DIAL_RING_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(120, 'must be at most 120').default(30),
    WRAP_UP_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(3600, 'must be at most 3600').default(60),
    SERVICE_LEVEL_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(3600, 'must be at most 3600').default(20),
    PANEL_HEARTBEAT_SECONDS: seconds.default(10),
    PANEL_TTL_SECONDS: seconds.default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
    TWILIO_API_KEY_SID: z.string().regex(/^SK[0-9a-f]{32}$/, 'must look like SK followed by 32 hex digits').optional(),
    TWILIO_API_KEY_SECRET: z.string().min(1).optional(),
    // No longer used (the browser's token grants incoming calls only); accepted so old deployments still start.
    TWILIO_TWIML_APP_SID: z.string().optional(),
    TWILIO_NUMBER: e164.optional(),
    TWILIO_API_BASE_URL: z.url({ message: 'must be an absolute http(s) URL' }).transform((url) => url.replace(/\/+$/, '')).optional(),
    SIMULATOR: z.enum(['on', 'off'], { message: 'must be on or off' }).optional(),
    SUPERVISOR_NOTE: flag.default(false),
    RECORD_CALLS: z.enum(['off', 'all'], { message: 'must be off or all' }).optional(),
  })
  .superRefine((env, ctx) => {
    for (const problem of problemsOf(env)) ctx.addIssue({ code: 'custom', path: [problem.name], message: problem.message })
    if (env.PANEL_TTL_SECONDS < 2 * env.PANEL_HEARTBEAT_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['PANEL_TTL_SECONDS'], message: `must be at least twice PANEL_HEARTBEAT_SECONDS (${env.PANEL_HEARTBEAT_SECONDS})` })
    }
  })

type Env = z.infer<typeof schema>

export interface TwilioCredentials {
  accountSid: string
  authToken: string
  apiKeySid: string
  apiKeySecret: string
  number: string
}

export interface Config {
  env: Env['NODE_ENV']
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  publicUrl?: string
  sessionSecret?: string
  trustProxy: boolean
  logLevel: Env['LOG_LEVEL']
  agentRingSeconds: number
  offerTimeoutSeconds: number
  dialRingSeconds: number
  /** After-call work: how long an agent may wrap up before being offered calls again; 0: no wrap-up. */
  wrapUpSeconds: number
  /** Reports' service level: calls answered within this many seconds. */
  serviceLevelSeconds: number
  /** How often each instance marks its open panels as alive, and how long a panel counts without that. */
  panelHeartbeatSeconds: number
  panelTtlSeconds: number
  twilio?: TwilioCredentials
  twilioApiBaseUrl?: string
  /** Whether an agent's card says "Supervisor listening" while an admin listens, whispers or barges in. */
  supervisorNote: boolean
  /** Record every answered call's conference; unset: all in the simulator, off with real Twilio. */
  recordCalls?: 'off' | 'all'
  /** Lines to log at start: configuration that works but deserves attention. */
  warnings: string[]
}

export class ConfigError extends Error {}

/** RECORD_CALLS, or its default: all in the simulator (no Twilio credentials), off with real Twilio. */
export function recordsCalls(config: Pick<Config, 'recordCalls' | 'twilio'>): boolean {
  return (config.recordCalls ?? (config.twilio ? 'off' : 'all')) === 'all'
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(withoutBlanks(source))
  if (!result.success) throw new ConfigError(describe(result.error.issues[0], source))
  return toConfig(result.data)
}

function toConfig(env: Env): Config {
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    publicUrl: env.PUBLIC_URL,
    sessionSecret: env.SESSION_SECRET,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    agentRingSeconds: env.AGENT_RING_SECONDS,
    offerTimeoutSeconds: env.OFFER_TIMEOUT_SECONDS,
    dialRingSeconds: env.DIAL_RING_SECONDS,
    wrapUpSeconds: env.WRAP_UP_SECONDS,
    serviceLevelSeconds: env.SERVICE_LEVEL_SECONDS,
    panelHeartbeatSeconds: env.PANEL_HEARTBEAT_SECONDS,
    panelTtlSeconds: env.PANEL_TTL_SECONDS,
    twilio: env.TWILIO_ACCOUNT_SID ? twilioCredentials(env) : undefined,
    twilioApiBaseUrl: env.TWILIO_API_BASE_URL,
    supervisorNote: env.SUPERVISOR_NOTE,
    recordCalls: env.RECORD_CALLS,
    warnings: warningsOf(env),
  }
}

function warningsOf(env: Env): string[] {
  const warnings: string[] = []
  if (env.NODE_ENV === 'production' && env.SIMULATOR === 'on') {
    warnings.push('SIMULATOR=on: running the built-in Twilio simulator in production; it is not for real callers')
  }
  if (env.TWILIO_TWIML_APP_SID) warnings.push('TWILIO_TWIML_APP_SID is no longer used and can be removed')
  return warnings
}

function twilioCredentials(env: Env): TwilioCredentials {
  return {
    accountSid: env.TWILIO_ACCOUNT_SID!,
    authToken: env.TWILIO_AUTH_TOKEN!,
    apiKeySid: env.TWILIO_API_KEY_SID!,
    apiKeySecret: env.TWILIO_API_KEY_SECRET!,
    number: env.TWILIO_NUMBER!,
  }
}

function withoutBlanks(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''))
}

function describe(issue: z.core.$ZodIssue | undefined, source: Record<string, string | undefined>): string {
  const name = String(issue?.path[0] ?? 'environment')
  const secret = /SECRET|TOKEN/.test(name)
  const got = !source[name] || secret ? '' : ` (got ${JSON.stringify(source[name])})`
  return `Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${got}`
}
