/**
 * Tokens of a comment: lower-case words (apostrophes, hyphens and slashes inside a word kept:
 * "can't", "next-day", "10/10"), emoji, emoticons and question marks, each with its place in the
 * original text so a span can be hidden from VADER.
 */
export interface Token {
  text: string;
  start: number;
  end: number;
  kind: 'word' | 'emoji' | 'mark';
}

const TOKEN = /([\p{L}\p{N}]+(?:['’/-][\p{L}\p{N}]+)*)|(\p{Extended_Pictographic}\uFE0F?|<3|[:;]'?-?[()dDpP](?![\p{L}\p{N}]))|(\?)/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    const raw = m[0];
    const kind = m[1] !== undefined ? 'word' : m[2] !== undefined ? 'emoji' : 'mark';
    out.push({ text: raw.toLowerCase().replace(/’/g, "'"), start, end: start + raw.length, kind });
  }
  return out;
}

/** Whether a token is a word made of letters (not a number, emoji or mark). */
export function isLetterWord(t: Token): boolean {
  return t.kind === 'word' && /\p{L}/u.test(t.text);
}
