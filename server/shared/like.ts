/**
 * LIKE patterns from user text: `%`, `_` and `\` are matched literally (PostgreSQL's default LIKE escape is `\`),
 * so a search for "50%" or "A_1" finds exactly that and not everything.
 */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;
export const startsWithPattern = (text: string) => `${escapeLike(text)}%`;
