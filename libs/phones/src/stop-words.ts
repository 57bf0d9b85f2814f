/**
 * Opt-out keywords. English: the CTIA set (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) plus
 * REVOKE and OPTOUT, which the FCC's 2024 consent-revocation rule names too. Others, for the
 * markets where carriers and regulators expect them: ARRET (French; the Canadian CWTA code
 * requires it beside STOP), STOPP (German, Scandinavian), BAJA (Spanish), PARAR (Portuguese, Spanish).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'ARRET',
  'STOPP',
  'BAJA',
  'PARAR',
]);

/**
 * True when the whole message is an opt-out keyword, whatever its case, accents, spacing and
 * punctuation ("stop", " Stop! ", "STOP ALL", "Arrêt", "opt-out", "🛑 STOP"). A sentence that merely
 * contains one ("don't stop") is not matched: carriers match the whole message, and such replies
 * need a person (or a confirmation question), not an automatic unsubscribe.
 */
export function isStopWord(text: string): boolean {
  const letters = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents: ARRÊT → ARRET
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, ''); // spaces, punctuation, emoji
  return STOP_WORDS.has(letters);
}
