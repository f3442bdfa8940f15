/** Which menu option a caller chose, by key or by voice. Nothing here does I/O. */

export interface MenuOption {
  digit: string
  action: 'queue' | 'voicemail'
  queueId: number
  keywords: readonly string[]
}

const spokenDigits: Record<string, string> = { zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' }

/**
 * Speech arrives as a recognizer formats it ("Sales.", "Support, please."): compare words in lower case
 * without punctuation. A keyword matches as whole words; a spoken digit ("two", "2") chooses that key.
 */
export function chooseOption(options: readonly MenuOption[], input: { digits?: string; speech?: string }): MenuOption | null {
  if (input.digits) return options.find((option) => option.digit === input.digits) ?? null
  const said = words(input.speech ?? '')
  if (!said) return null
  const padded = ` ${said} `
  const byKeyword = options.find((option) => option.keywords.some((keyword) => words(keyword) && padded.includes(` ${words(keyword)} `)))
  if (byKeyword) return byKeyword
  const digit = said.split(' ').map((word) => spokenDigits[word] ?? word).find((word) => /^\d$/.test(word))
  return options.find((option) => option.digit === digit) ?? null
}

export function words(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
