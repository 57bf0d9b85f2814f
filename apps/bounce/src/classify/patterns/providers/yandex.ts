import type { Provider } from './provider';

export const yandex: Provider = {
  name: 'yandex',
  domains: [
    'yandex.ru',
    'yandex.com',
    'yandex.net',
    'ya.ru',
    'yandex.ua',
    'yandex.by',
    'yandex.kz',
    'narod.ru',
  ],
  phrases: [
    {
      // Yandex writes "550 5.7.1 No such user!": a code of policy for an address it does not have
      pattern: /\bno such user\b|\bno correct recipients\b|need fully-qualified address/i,
      reason: 'userunknown',
      meaning: 'the address does not exist',
    },
    {
      pattern: /blocked by spam statistics/i,
      reason: 'blocked',
      meaning: 'a sender of only spam is refused for 24 hours',
    },
    {
      pattern: /policy rejection on the target address/i,
      reason: 'suspend',
      meaning: "the recipient's account is blocked for breaking the User Agreement",
    },
  ],
  source: 'https://yandex.com/support/mail/bounces/yandex.html (Report on non-delivery to Yandex)',
};
