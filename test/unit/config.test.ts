import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.ts'

const sid = (prefix: string) => prefix + 'a'.repeat(32)
const twilio = {
  TWILIO_ACCOUNT_SID: sid('AC'),
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_API_KEY_SID: sid('SK'),
  TWILIO_API_KEY_SECRET: 'secret',
  TWILIO_TWIML_APP_SID: sid('AP'),
  TWILIO_NUMBER: '+15550100000',
}

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
    expect(loadConfig(twilio).twilio).toMatchObject({ accountSid: sid('AC'), number: '+15550100000' })
    expect(errorFor({ ...twilio, TWILIO_API_KEY_SECRET: '' })).toBe(
      'Invalid configuration: TWILIO_API_KEY_SECRET is required when TWILIO_ACCOUNT_SID is set (give all TWILIO_* or none)',
    )
    expect(errorFor({ ...twilio, TWILIO_ACCOUNT_SID: 'ACnope' })).toMatch(/TWILIO_ACCOUNT_SID must look like AC/)
  })

  it('drops a trailing slash from PUBLIC_URL and reads TRUST_PROXY', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://calls.example.com/', TRUST_PROXY: 'true' })).toMatchObject({
      publicUrl: 'https://calls.example.com',
      trustProxy: true,
    })
  })
})
