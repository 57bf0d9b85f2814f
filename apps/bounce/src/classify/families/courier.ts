import { addressPattern, after, blocksBy, transcriptStage, type Family } from './family';

/**
 * Courier's DSN: "This is a delivery status notification from host, running the Courier mail
 * server", a banner ("UNDELIVERABLE MAIL"), "Your message to the following recipients cannot be
 * delivered:", then per recipient "<a@b>:", the remote host, and the dialogue (">>> RCPT
 * TO:<a@b>", "<<< 550 …", ">>> (initial greeting)" for a refused banner) whose last command is
 * the one refused. A block with no dialogue is Courier's own verdict on the address (its local
 * module's "550 User <a> unknown", "Mail quota exceeded.", its resolver's "No such domain.", a
 * refused connection): it answers for the address as a refusal at RCPT TO would. Its resolver's
 * "This domain's DNS violates RFC 1035." (esmtpclient.c) is the remote domain's broken DNS, a
 * system error on that side rather than a message that breaks a standard.
 */
export const courier: Family = {
  name: 'courier',
  matches: (report) => /running the Courier mail server/i.test(report.text),
  recipients: (report) =>
    blocksBy(
      after(report.text, /following recipients? cannot be delivered:?\s*\n/i) || report.text,
      new RegExp(String.raw`^<(${addressPattern()})>:\s*$`),
      /^-{10,}/,
    ).map((r) => ({ ...r, stage: /^\s*>>>/m.test(r.diagnostic) ? transcriptStage(r.diagnostic) : 'rcpt' })),
  refine: (report, r) => {
    const block = courier.recipients?.(report).find((x) => x.address === r.address.toLowerCase());
    if (/This domain's DNS violates RFC 1035/i.test(block?.diagnostic ?? r.diagnostic))
      return { reason: 'systemerror' };
    return block?.stage ? { stage: block.stage } : null;
  },
};
