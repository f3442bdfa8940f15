import { describe, expect, it } from 'vitest'
import { parseTwiml, TwimlError } from '../../../src/simulator/twiml/parse.ts'

describe('parseTwiml', () => {
  it('reads verbs, attributes, text and nested nouns', () => {
    const doc = parseTwiml(
      `<?xml version="1.0" encoding="UTF-8"?><!-- hi --><Response><Say voice="alice">Tom &amp; Jerry</Say>` +
        `<Dial timeout='5' action="/a"><Client><Identity>agent-7</Identity><Parameter name="k" value="v"/></Client></Dial></Response>`,
      'https://app.test/voice',
    )
    expect(doc.verbs.map((v) => v.name)).toEqual(['Say', 'Dial'])
    expect(doc.verbs[0]).toMatchObject({ attributes: { voice: 'alice' }, text: 'Tom & Jerry' })
    expect(doc.verbs[1]?.attributes).toEqual({ timeout: '5', action: '/a' })
    expect(doc.verbs[1]?.nouns[0]?.name).toBe('Client')
  })

  it('accepts an empty response', () => {
    expect(parseTwiml('<Response/>', 'https://x').verbs).toEqual([])
  })

  it.each([
    ['malformed XML', '<Response><Say>hi</Response>', 12100],
    ['a root other than Response', '<Reply><Say>hi</Say></Reply>', 12100],
    ['an unknown verb', '<Response><Shout>hi</Shout></Response>', 12200],
    ['plain text', 'Hello there', 12100],
  ])('rejects %s', (_name, xml, code) => {
    expect(() => parseTwiml(xml, 'https://x')).toThrow(TwimlError)
    try {
      parseTwiml(xml, 'https://x')
    } catch (error) {
      expect((error as TwimlError).code).toBe(code)
    }
  })
})
