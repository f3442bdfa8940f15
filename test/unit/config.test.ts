import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.ts'

const sid = (prefix: string) => prefix + 'a'.repeat(32)
const twilio = {
  TWILIO_ACCOUNT_SID: sid('AC'),
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_API_KEY_SID: sid('SK'),
  TWILIO_API_KEY_SECRET: 'secret',
  TWILIO_NUMBER: '+15550100000',
}
const blankTwilio = Object.fromEntries(Object.keys(twilio).map((key) => [key, '']))
const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), PUBLIC_URL: 'https://calls.example.com' }
const allTwilioNames = 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET and TWILIO_NUMBER'

function errorFor(env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a configuration error')
}

describe('loadConfig', () => {
  it('defaults to port 3000, the embedded database and the simulator', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 3000, dataDir: './data', trustProxy: false })
    expect(config.databaseUrl).toBeUndefined()
    expect(config.twilio).toBeUndefined()
    expect(config.warnings).toEqual([])
  })

  it('names the variable and the problem in one line', () => {
    expect(errorFor({ PORT: 'abc' })).toBe('Invalid configuration: PORT must be a number (got "abc")')
    expect(errorFor({ PORT: '70000' })).toBe('Invalid configuration: PORT must be at most 65535 (got "70000")')
    expect(errorFor({ DATABASE_URL: 'mysql://db/x' })).toMatch(/^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL/)
    expect(errorFor({ PUBLIC_URL: 'example.com' })).toMatch(/^Invalid configuration: PUBLIC_URL must be an absolute http\(s\) URL/)
    expect(errorFor({ TRUST_PROXY: 'maybe' })).toMatch(/^Invalid configuration: TRUST_PROXY must be true or false/)
  })

  it('requires SESSION_SECRET in production, and a long one', () => {
    expect(errorFor({ NODE_ENV: 'production' })).toBe('Invalid configuration: SESSION_SECRET is required when NODE_ENV=production')
    expect(errorFor({ SESSION_SECRET: 'short' })).toBe('Invalid configuration: SESSION_SECRET must be at least 32 characters')
  })

  it('takes all Twilio credentials or none, and never echoes secrets', () => {
    const withUrl = { ...twilio, PUBLIC_URL: 'https://calls.example.com' }
    expect(loadConfig(withUrl).twilio).toMatchObject({ accountSid: sid('AC'), number: '+15550100000' })
    expect(errorFor({ ...withUrl, TWILIO_API_KEY_SECRET: '' })).toBe(
      'Invalid configuration: TWILIO_API_KEY_SECRET is required when TWILIO_ACCOUNT_SID is set (give all TWILIO_* or none)',
    )
    expect(errorFor({ ...withUrl, TWILIO_AUTH_TOKEN: '', TWILIO_NUMBER: '' })).toBe(
      'Invalid configuration: TWILIO_AUTH_TOKEN and TWILIO_NUMBER are required when TWILIO_ACCOUNT_SID is set (give all TWILIO_* or none)',
    )
    expect(errorFor({ ...withUrl, TWILIO_ACCOUNT_SID: 'ACnope' })).toMatch(/TWILIO_ACCOUNT_SID must look like AC/)
  })

  it('requires PUBLIC_URL with TWILIO_*, since every webhook is signed against it', () => {
    expect(errorFor(twilio)).toBe('Invalid configuration: PUBLIC_URL is required when TWILIO_* is set (Twilio signs every webhook against it)')
  })

  it('refuses production with blank or partial TWILIO_* unless SIMULATOR=on', () => {
    expect(errorFor({ ...production, ...blankTwilio })).toBe(
      `Invalid configuration: ${allTwilioNames} are required when NODE_ENV=production (or set SIMULATOR=on to run the built-in simulator, which is not for real callers)`,
    )
    expect(errorFor({ ...production, ...twilio, TWILIO_NUMBER: '' })).toBe(
      'Invalid configuration: TWILIO_NUMBER is required when TWILIO_ACCOUNT_SID is set (give all TWILIO_* or none)',
    )
    expect(errorFor({ ...production, ...twilio, TWILIO_ACCOUNT_SID: '' })).toMatch(/^Invalid configuration: TWILIO_ACCOUNT_SID is required when TWILIO_AUTH_TOKEN is set/)
    expect(loadConfig({ ...production, ...twilio }).twilio).toMatchObject({ accountSid: sid('AC') })
  })

  it('runs the simulator in production only when SIMULATOR=on is explicit, with a warning', () => {
    const config = loadConfig({ ...production, ...blankTwilio, SIMULATOR: 'on' })
    expect(config.twilio).toBeUndefined()
    expect(config.warnings).toEqual(['SIMULATOR=on: running the built-in Twilio simulator in production; it is not for real callers'])
    expect(loadConfig({ SIMULATOR: 'on' }).warnings).toEqual([])
  })

  it('requires PUBLIC_URL in production, simulator or not', () => {
    const { PUBLIC_URL: _, ...noUrl } = production
    expect(errorFor({ ...noUrl, SIMULATOR: 'on' })).toBe(
      'Invalid configuration: PUBLIC_URL is required when NODE_ENV=production (the https address browsers and Twilio use)',
    )
    expect(errorFor({ ...noUrl, ...twilio })).toBe('Invalid configuration: PUBLIC_URL is required when TWILIO_* is set (Twilio signs every webhook against it)')
  })

  it('reads SIMULATOR as on or off and refuses contradictions', () => {
    expect(errorFor({ SIMULATOR: 'yes please' })).toBe('Invalid configuration: SIMULATOR must be on or off (got "yes please")')
    expect(errorFor({ ...twilio, PUBLIC_URL: 'https://calls.example.com', SIMULATOR: 'on' })).toBe(
      'Invalid configuration: SIMULATOR cannot be on when TWILIO_* is set (choose real Twilio or the simulator) (got "on")',
    )
    expect(errorFor({ SIMULATOR: 'off' })).toBe(
      `Invalid configuration: ${allTwilioNames} are required when SIMULATOR=off (or set SIMULATOR=on to run the built-in simulator, which is not for real callers)`,
    )
  })

  it('accepts and ignores TWILIO_TWIML_APP_SID from older deployments', () => {
    const config = loadConfig({ ...twilio, PUBLIC_URL: 'https://calls.example.com', TWILIO_TWIML_APP_SID: 'anything at all' })
    expect(config.twilio).not.toHaveProperty('twimlAppSid')
    expect(config.warnings).toEqual(['TWILIO_TWIML_APP_SID is no longer used and can be removed'])
  })

  it('drops a trailing slash from PUBLIC_URL and reads TRUST_PROXY', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://calls.example.com/', TRUST_PROXY: 'true' })).toMatchObject({
      publicUrl: 'https://calls.example.com',
      trustProxy: true,
    })
  })

  it('reads how often panels beat and how long they count, and refuses a TTL that one late beat would expire', () => {
    expect(loadConfig({})).toMatchObject({ panelHeartbeatSeconds: 10, panelTtlSeconds: 30 })
    expect(loadConfig({ PANEL_HEARTBEAT_SECONDS: '0.5', PANEL_TTL_SECONDS: '2' })).toMatchObject({ panelHeartbeatSeconds: 0.5, panelTtlSeconds: 2 })
    expect(errorFor({ PANEL_HEARTBEAT_SECONDS: '10', PANEL_TTL_SECONDS: '15' })).toBe(
      'Invalid configuration: PANEL_TTL_SECONDS must be at least twice PANEL_HEARTBEAT_SECONDS (10) (got "15")',
    )
    expect(errorFor({ PANEL_TTL_SECONDS: '0' })).toBe('Invalid configuration: PANEL_TTL_SECONDS must be at least 0.1 (got "0")')
  })
})
