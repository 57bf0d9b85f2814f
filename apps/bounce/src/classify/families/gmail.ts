import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Gmail's and Google Workspace's own bounces. The older layout: "Delivery to the following
 * recipient failed permanently:", the address indented on its own line, then "Technical details
 * of permanent failure:" with the remote reply. The current one: "** Address not found **" (or
 * "** Message not delivered **"), "Your message wasn't delivered to a@b because …", then "The
 * response from the remote server was:" and the reply.
 */
export const gmail: Family = {
  name: 'gmail',
  matches: (report) =>
    /Delivery to the following recipients? failed permanently:/i.test(report.text) ||
    /The response (?:from the remote server )?was:/i.test(report.text) ||
    /Your message wasn'?t delivered to \S+@/i.test(report.text),
  recipients: (report) => {
    const old = blocksBy(
      after(report.text, /Delivery to the following recipients? failed permanently:\s*\n/i),
      new RegExp(String.raw`^\s+(${addressPattern()})\s*$`),
      /^-{3,}/,
    );
    if (old.length > 0) return old;
    const m = new RegExp(String.raw`Your message wasn'?t delivered to (${addressPattern()})`, 'i').exec(
      report.text,
    );
    if (!m) return [];
    const response = after(report.text, /The response (?:from the remote server )?was:\s*/i);
    const explanation = report.text.slice(m.index, m.index + 400).split('\n\n')[0];
    return [
      { address: m[1].toLowerCase(), diagnostic: [response.trim(), explanation].filter(Boolean).join('\n') },
    ];
  },
};
