import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * 1&1 (IONOS, mx.kundenserver.de): Exim's introduction ("This message was created automatically
 * by mail delivery software."), the Subject "Mail delivery failed: returning message to sender",
 * the failed address on a line of its own, unindented (or "a@b:" then the remote's reply), its
 * own cause after "For the following reason:", and "--- The header of the original message is
 * following. ---". A remote refusal reads "SMTP error from remote server for TEXT command, host:
 * … reason: 550 …": the TEXT command is the message after DATA. Its size check writes "Mail
 * size limit exceeded." (1&1 postmaster "error messages").
 */
export const einsundeins: Family = {
  name: 'einsundeins',
  matches: (report) =>
    /This message was created automatically by mail delivery software/i.test(report.text) &&
    (/^\s*For the following reason:\s*$/m.test(report.text) || /\bfor TEXT command\b/i.test(report.text)),
  recipients: (report) =>
    blocksBy(
      after(report.text, /^failed:\s*\n/im),
      new RegExp(String.raw`^\s*(${addressPattern()}):?\s*$`),
      /^--- The header of the original message/,
    ).map((r) => ({
      ...r,
      diagnostic: r.diagnostic.replace(/^For the following reason:\s*/im, ''),
      ...(/\bfor TEXT command\b/i.test(r.diagnostic) ? { stage: 'data' as const } : {}),
    })),
  refine: (_report, r) => {
    if (/\bMail size limit exceeded\b/i.test(r.diagnostic)) return { reason: 'emailtoolarge' };
    return /\bfor TEXT command\b/i.test(r.diagnostic) ? { stage: 'data' } : null;
  },
};
