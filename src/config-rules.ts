/** The rules between environment variables; `loadConfig` reports the first problem, so the most fundamental come first. */

export const twilioKeys = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_NUMBER'] as const

type TwilioKey = (typeof twilioKeys)[number]
export type RulesInput = Partial<Record<TwilioKey | 'SESSION_SECRET' | 'PUBLIC_URL', string>> & {
  NODE_ENV: 'development' | 'production' | 'test'
  SIMULATOR?: 'on' | 'off'
}
export type Problem = { name: string; message: string }

export function problemsOf(env: RulesInput): Problem[] {
  const given = twilioKeys.filter((key) => env[key] !== undefined)
  const missing = twilioKeys.filter((key) => env[key] === undefined)
  return [...partialTwilio(given, missing, env), ...productionSecret(env), ...noTwilio(given, missing, env), ...publicUrl(given, env)]
}

function partialTwilio(given: TwilioKey[], missing: TwilioKey[], env: RulesInput): Problem[] {
  if (given.length === 0) return []
  if (missing.length > 0) return [{ name: listed(missing), message: `${isAre(missing)} required when ${given[0]} is set (give all TWILIO_* or none)` }]
  return env.SIMULATOR === 'on' ? [{ name: 'SIMULATOR', message: 'cannot be on when TWILIO_* is set (choose real Twilio or the simulator)' }] : []
}

function productionSecret(env: RulesInput): Problem[] {
  return env.NODE_ENV === 'production' && !env.SESSION_SECRET ? [{ name: 'SESSION_SECRET', message: 'is required when NODE_ENV=production' }] : []
}

/** Production never falls back to the simulator silently; SIMULATOR=on asks for it, SIMULATOR=off forbids it anywhere. */
function noTwilio(given: TwilioKey[], missing: TwilioKey[], env: RulesInput): Problem[] {
  if (given.length > 0 || env.SIMULATOR === 'on') return []
  if (env.SIMULATOR !== 'off' && env.NODE_ENV !== 'production') return []
  const why = env.SIMULATOR === 'off' ? 'SIMULATOR=off' : 'NODE_ENV=production'
  return [{ name: listed(missing), message: `${isAre(missing)} required when ${why} (or set SIMULATOR=on to run the built-in simulator, which is not for real callers)` }]
}

function publicUrl(given: TwilioKey[], env: RulesInput): Problem[] {
  if (env.PUBLIC_URL) return []
  if (given.length > 0) return [{ name: 'PUBLIC_URL', message: 'is required when TWILIO_* is set (Twilio signs every webhook against it)' }]
  if (env.NODE_ENV === 'production') return [{ name: 'PUBLIC_URL', message: 'is required when NODE_ENV=production (the https address browsers and Twilio use)' }]
  return []
}

function listed(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

const isAre = (names: readonly string[]) => (names.length === 1 ? 'is' : 'are')
