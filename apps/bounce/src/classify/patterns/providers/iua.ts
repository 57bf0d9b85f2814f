import type { Provider } from './provider';

export const iua: Provider = {
  name: 'iua',
  domains: ['i.ua', 'email.ua'],
  // every refusal links its explanation page: "See http://mail.i.ua/err/3/"
  codeMark: /\bmail\.i\.ua\/err\/(\d{1,2})\b/i,
  codesAlone: true,
  codes: [
    { code: '1', reason: 'norelaying', meaning: 'SMTP as a mail gate is forbidden' },
    { code: '2', reason: 'userunknown', meaning: 'user not found' },
    { code: '3', reason: 'suspend', meaning: 'mailbox unused for over 3 months (frozen)' },
    { code: '4', reason: 'mailboxfull', meaning: 'mailbox full' },
    { code: '5', reason: 'ratelimited', meaning: 'sending limit exceeded' },
    { code: '6', reason: 'norelaying', meaning: "use your provider's SMTP" },
    { code: '7', reason: 'blocked', meaning: 'wrong HELO/EHLO' },
    { code: '8', reason: 'rejected', meaning: "couldn't check the sender address" },
    { code: '9', reason: 'blocked', meaning: 'sending IP blacklisted' },
    { code: '10', reason: 'filtered', meaning: "not in the recipient's address list" },
  ],
  source: 'https://mail.i.ua/err/<code>/',
};
