import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Gmail's and Google Workspace's own bounces. The older layout: "Delivery to the following
 * recipient failed permanently:", the address indented on its own line, then "Technical details
 * of permanent failure:" with the remote reply. The current one: "** Address not found **" (or
 * "** Message not delivered **", "** Message blocked **"), the explanation naming the recipient
 * (EXPLANATION), then "The response from the remote server was:" (or "The response was:") and
 * the reply.
 */
/**
 * How the current layout names the recipient: "Your message wasn't delivered to a@b because …"
 * (** Address not found **), "Your message couldn't be delivered to a@b because …", "There was
 * a problem delivering your message to a@b." (** Message not delivered **), "Your message to a@b
 * has been blocked." (** Message blocked **).
 */
const EXPLANATION =
  /^\s*(?:Your message (?:wasn'?t|was not|couldn'?t be|could not be) delivered to|There was a problem delivering your message to|Your message to(?= \S+@\S+ has been blocked)) (?=\S+@)/im;

export const gmail: Family = {
  name: 'gmail',
  matches: (report) =>
    /Delivery to the following recipients? failed permanently:/i.test(report.text) ||
    /The response (?:from the remote server )?was:/i.test(report.text) ||
    EXPLANATION.test(report.text),
  recipients: (report) => {
    const old = blocksBy(
      after(report.text, /Delivery to the following recipients? failed permanently:\s*\n/i),
      new RegExp(String.raw`^\s+(${addressPattern()})\s*$`),
      /^-{3,}/,
    );
    if (old.length > 0) return old;
    const m = new RegExp(String.raw`${EXPLANATION.source}(${addressPattern()})`, 'im').exec(report.text);
    if (!m) return [];
    const response = after(report.text, /The response (?:from the remote server )?was:\s*/i);
    const explanation = report.text.slice(m.index, m.index + 400).split('\n\n')[0];
    return [
      { address: m[1].toLowerCase(), diagnostic: [response.trim(), explanation].filter(Boolean).join('\n') },
    ];
  },
};
