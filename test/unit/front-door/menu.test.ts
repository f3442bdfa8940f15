import { describe, expect, it } from 'vitest'
import { chooseOption, type MenuOption } from '../../../src/front-door/menu.ts'

const options: MenuOption[] = [
  { digit: '1', action: 'queue', queueId: 10, keywords: ['support', 'help desk'] },
  { digit: '2', action: 'queue', queueId: 20, keywords: ['sales', 'Pricing'] },
  { digit: '9', action: 'voicemail', queueId: 10, keywords: [] },
]
const choose = (input: { digits?: string; speech?: string }) => chooseOption(options, input)?.digit ?? null

describe('choosing a menu option', () => {
  it('by key: only a configured key', () => {
    expect([choose({ digits: '2' }), choose({ digits: '9' }), choose({ digits: '5' }), choose({ digits: '#' })]).toEqual(['2', '9', null, null])
  })

  it('by words as a recognizer formats them, matching whole keywords in any case', () => {
    expect(choose({ speech: 'Sales.' })).toBe('2')
    expect(choose({ speech: 'I need the Help Desk, please!' })).toBe('1')
    expect(choose({ speech: 'PRICING?' })).toBe('2')
    expect(choose({ speech: 'Salesforce.' })).toBeNull()
    expect(choose({ speech: '' })).toBeNull()
  })

  it('by a spoken digit', () => {
    expect(choose({ speech: 'Two.' })).toBe('2')
    expect(choose({ speech: 'Nine please.' })).toBe('9')
    expect(choose({ speech: 'Five.' })).toBeNull()
  })
})
