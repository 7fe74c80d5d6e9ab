/**
 * The one rule for a 64-bit seed written as text (command-line options, spec strings): a decimal integer or a
 * `0x` hexadecimal one, in [0, 2^64), read exactly (as a bigint, never through a double).
 */

/** The rule in words, for error messages. */
export const SEED_RULE = 'an integer in [0, 2^64), decimal or 0x hex';

/** The seed written by `text`, or undefined when `text` does not follow {@link SEED_RULE}. */
export function seedFromText(text: string): bigint | undefined {
  const t = text.trim();
  if (!/^(\d+|0[xX][0-9a-fA-F]+)$/.test(t)) return undefined;
  const s = BigInt(t);
  return s < 1n << 64n ? s : undefined;
}
