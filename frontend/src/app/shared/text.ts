/** The text with its first letter in upper case: "account" → "Account". */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A count and its noun, singular for one: counted(1, 'account') → "1 account", counted(2, 'account') → "2 accounts". */
export const counted = (count: number, noun: string): string =>
  `${count} ${noun}${count === 1 ? '' : 's'}`;
