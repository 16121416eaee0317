/**
 * Tokens an OCR model probably misread, whatever its confidence (issue #19: "Amoxicillin 5o0 mg"
 * was read at 98 %): a number with a letter that OCR confuses with a digit inside or at its edge
 * ("5o0", "1O", "l00", "25S"), the classic substitutions O/o↔0, l/I↔1, S↔5, B↔8, Z↔2, g/q↔9
 * (Rice SV, Jenkins FR, Nartker TA, "The Fifth Annual Test of OCR Accuracy", UNLV ISRI 1996,
 * character confusions). Codes that mix letters and digits by design (B12, HbA1c, CYP3A4, SpO2,
 * COVID-19) are not numbers with a stray letter and are left alone. Pure.
 */

/** Whether one whitespace-separated token looks like a misread number. */
export function isImplausibleToken(token: string): boolean {
  // Strip punctuation around the token ("5o0," "(1O)").
  const core = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return (
    // A confusable letter between digits, a separator allowed: "5o0", "1l5", "8B0", "1,O00", "5o0mg".
    /\d[.,]?[OoIlSBZgq]+[.,]?\d/.test(core) ||
    // A number starting with a lower-case o or l: "l00", "o5" (capitals start real codes: B12, O2, T4).
    /^[ol]\d/.test(core) ||
    // A number ending in one confusable letter and nothing else: "1O", "10O", "2.S" (units like "5mg" are not).
    /^\d[\d.,]*[OoIlSBZ]$/.test(core)
  );
}
/** The suspicious tokens of a line, in order. */
export function implausibleTokens(text: string): string[] {
  return text.split(/\s+/).filter((w) => w && isImplausibleToken(w));
}
