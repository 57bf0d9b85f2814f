import type { Provider } from './provider';

export const tencent: Provider = {
  name: 'tencent',
  domains: ['qq.com', 'foxmail.com', 'exmail.qq.com'],
  phrases: [
    { pattern: /\b(?:spf|dmarc) check failed/i, reason: 'authfailure', meaning: 'SPF or DMARC failed' },
    {
      pattern: /suspected bounce attacks|suspected spam ip|connection denied/i,
      reason: 'blocked',
      meaning: 'sending IP refused',
    },
    { pattern: /message too large/i, reason: 'emailtoolarge', meaning: 'message too large' },
    {
      pattern: /spam is embedded in the email|mail content denied/i,
      reason: 'spamdetected',
      meaning: 'content refused as spam',
    },
    {
      pattern: /suspected spam|mail is rejected by recipients/i,
      reason: 'rejected',
      meaning: 'sender refused',
    },
    {
      pattern:
        /mailbox unavailable or access deni?ned|frequency of receiving messages is limited|\b(?:ip|domain|sender|connection) frequency limited/i,
      reason: 'ratelimited',
      meaning: 'frequency limits',
    },
    { pattern: /is a deactivated mailbox/i, reason: 'suspend', meaning: 'deactivated mailbox' },
    { pattern: /bad address syntax/i, reason: 'syntaxerror', meaning: 'bad address syntax' },
    { pattern: /mailbox not found/i, reason: 'userunknown', meaning: 'no such mailbox' },
  ],
  source: 'https://service.mail.qq.com/detail/122',
};
