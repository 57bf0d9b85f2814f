/** Blacklist reasons (the bounce taxonomy, plus the console's and the tracker's) in plain words. */
const WORDS: Record<string, string> = {
  userunknown: 'the address does not exist',
  hostunknown: 'the domain does not exist or takes no mail',
  hasmoved: 'the recipient has moved away from this address',
  mailboxfull: 'the mailbox is full',
  systemfull: "the recipient's mail server is out of space",
  suspend: 'the mailbox is suspended',
  blocked: "the recipient's server blocked our mail",
  badreputation: "the recipient's server refused us for our reputation",
  rejected: "the recipient's server refused the message",
  spamdetected: 'the message was taken for spam',
  filtered: 'a filter refused the message',
  policyviolation: "the message broke the recipient's policy",
  notaccept: 'the domain accepts no mail',
  expired: 'the message could not be delivered in time',
  networkerror: 'the network failed on the way',
  feedback: 'the recipient marked our mail as spam (complaint)',
  unsubscribed: 'the recipient unsubscribed',
  manual: 'added by an operator',
};

export function reasonInWords(reason: string): string {
  return WORDS[reason] ?? reason;
}
