import { addressPattern, after, blocksBy, transcriptStage, type Family } from './family';

/**
 * Courier's DSN: "This is a delivery status notification from host, running the Courier mail
 * server", a banner ("UNDELIVERABLE MAIL"), "Your message to the following recipients cannot be
 * delivered:", then per recipient "<a@b>:", the remote host, and the dialogue (">>> RCPT
 * TO:<a@b>", "<<< 550 …") whose last command is the one refused.
 */
export const courier: Family = {
  name: 'courier',
  matches: (report) => /running the Courier mail server/i.test(report.text),
  recipients: (report) =>
    blocksBy(
      after(report.text, /following recipients? cannot be delivered:?\s*\n/i) || report.text,
      new RegExp(String.raw`^<(${addressPattern()})>:\s*$`),
      /^-{10,}/,
    ).map((r) => ({ ...r, stage: transcriptStage(r.diagnostic) })),
  refine: (report, r) => {
    const block = courier.recipients?.(report).find((x) => x.address === r.address.toLowerCase());
    return block?.stage ? { stage: block.stage } : null;
  },
};
