import { describe, expect, it } from 'vitest'
import { cleanText, voiceParams } from '../../../src/twilio/params.ts'

describe('cleanText', () => {
  it('keeps a short clean value as it is, trimmed', () => {
    expect(cleanText('  Bench Caller ', 200)).toBe('Bench Caller')
    expect(cleanText('+15551234567', 64)).toBe('+15551234567')
  })

  it('drops control characters (NUL among them) wherever they are', () => {
    expect(cleanText('\u0000Ann\u0007 Lee\u009f\n', 200)).toBe('Ann Lee')
    expect(cleanText('\u0000\u0001', 10)).toBe('')
  })

  it('cuts by code point, never inside a character made of two UTF-16 units', () => {
    const smiles = '😀'.repeat(5)
    expect(smiles.length).toBe(10)
    expect(cleanText(smiles, 5)).toBe(smiles)
    expect(cleanText(smiles, 3)).toBe('😀😀😀')
    expect(cleanText(`a${smiles}`, 2)).toBe('a😀')
  })

  it('cuts at exactly max characters and keeps a value of exactly max', () => {
    expect(cleanText('x'.repeat(200), 200)).toHaveLength(200)
    expect(cleanText('x'.repeat(201), 200)).toHaveLength(200)
    expect(cleanText(`${'x'.repeat(199)}é€`, 200)).toBe(`${'x'.repeat(199)}é`)
  })

  it('cleans the ring’s display fields through the voice schema, one call after another (the patterns keep no state)', () => {
    for (let i = 0; i < 3; i++) {
      expect(voiceParams.parse({ CallSid: `CA${'a'.repeat(32)}`, From: '\u0000+1555', To: '+1666', CallerName: 'Ann' })).toEqual({ CallSid: `CA${'a'.repeat(32)}`, From: '+1555', To: '+1666', CallerName: 'Ann' })
    }
  })
})
