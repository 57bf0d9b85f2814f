import {
  addressPattern,
  after,
  blocksBy,
  type Family,
  type Refinement,
  verdictIn,
  type Verdicts,
} from './family';

/**
 * Gmail's and Google Workspace's own bounces. The older layout: "Delivery to the following
 * recipient failed permanently:" (or "… has been delayed:"), the address indented on its own
 * line, then "Technical details of permanent (temporary) failure:" with the remote reply, which
 * Gmail ends with "(state N)": the point of its SMTP client's session the reply answered (see
 * STATES). The current one: "** Address not found **" (or
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
    /Delivery to the following recipients? (?:failed permanently|has been delayed):/i.test(report.text) ||
    /The response (?:from the remote server )?was:/i.test(report.text) ||
    EXPLANATION.test(report.text),
  recipients: (report) => {
    const old = blocksBy(
      after(
        report.text,
        /Delivery to the following recipients? (?:failed permanently|has been delayed):\s*\n/i,
      ),
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
  refine: (_report, r) => stateOf(r.diagnostic) ?? ownVerdict(r.diagnostic) ?? addressVerdict(r.diagnostic),
};

/**
 * Gmail's "(state N)" after a quoted reply, as its older bounces wrote it: the session state
 * names the command the reply answered (14 a recipient, 15, 17 and 18 the message after DATA),
 * and for the states before any recipient the state is the cause itself (6 and 9 STARTTLS, 12 a
 * relay the remote refused, 8 its AUTH failing on the remote's side). Documented by the replies
 * Gmail users quoted on its help forum, collected in Sisimai's Gmail module.
 */
const STATES: Readonly<Record<string, Refinement>> = {
  '6': { reason: 'failedstarttls' },
  '8': { reason: 'systemerror' },
  '9': { reason: 'failedstarttls' },
  '12': { reason: 'norelaying' },
  '13': { stage: 'connect' },
  '14': { stage: 'rcpt' },
  '15': { stage: 'data' },
  '17': { stage: 'data' },
  '18': { stage: 'data' },
};

function stateOf(diagnostic: string): Refinement | null {
  const state = /\(state (\d+)\)/.exec(diagnostic)?.[1];
  return state ? (STATES[state] ?? null) : null;
}

/** Gmail's own texts when no server answered: its resolver's and its connection's verdicts. */
const OWN: Verdicts = [
  [/DNS Error: (?:Domain name not found|DNS server returned answer with no data)/i, 'hostunknown'],
  [/DNS Error: Could not contact DNS servers/i, 'expired'],
];

function ownVerdict(diagnostic: string): Refinement | null {
  const reason = verdictIn(OWN, diagnostic);
  return reason ? { reason } : null;
}

/**
 * Google Workspace's own "Your message wasn't (couldn't be) delivered to a@b because the address
 * couldn't be found": Google looked the address up and did not find it, a verdict on the
 * recipient as a refusal of RCPT TO is (Sisimai's GoogleWorkspace module), so "does not exist"
 * in its text is not a filter's word. The reply it quotes still names the cause.
 */
function addressVerdict(diagnostic: string): Refinement | null {
  return /\bbecause the address couldn'?t be found\b/i.test(diagnostic) ? { stage: 'rcpt' } : null;
}
