/** The unit of uniqueness, suppression and blacklisting: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
