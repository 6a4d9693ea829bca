/** The text with its first letter in upper case: "account" → "Account". */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
