/**
 * Wording rules and family recognisers switched off, for one measurement only: the corpus
 * report's leave-one-family-out estimate (corpus-eval.ts `familyFolds`) turns off the rules that
 * only one family's messages trigger, to see what that family's verdicts would be had nobody
 * seen it. Empty everywhere else, so the classifier reads every rule.
 */
export const ABLATION = {
  rules: new Set<string>(),
  families: new Set<string>(),
};

/** Runs `fn` with the given rule ids and family names switched off, and switches them back on. */
export function withRulesOff<T>(
  off: { rules: Iterable<string>; families: Iterable<string> },
  fn: () => T,
): T {
  for (const r of off.rules) ABLATION.rules.add(r);
  for (const f of off.families) ABLATION.families.add(f);
  try {
    return fn();
  } finally {
    ABLATION.rules.clear();
    ABLATION.families.clear();
  }
}
