import { countedAs, verdictFor } from './blacklist-policy';
import { REASONS, type Reason } from './classify';

describe('verdictFor', () => {
  it.each(['userunknown', 'hasmoved', 'hostunknown', 'notaccept', 'suspend'] as Reason[])(
    'blacklists at once when the address is gone or blocked: %s',
    (reason) => {
      expect(verdictFor(reason, true)).toEqual({ action: 'blacklist-now', counts: 'hard-bounce' });
    },
  );

  it('blacklists a complaint at once and counts it as one', () => {
    expect(verdictFor('feedback', false)).toEqual({ action: 'blacklist-now', counts: 'complaint' });
  });

  it.each([
    'mailboxfull',
    'expired',
    'networkerror',
    'systemfull',
    'ratelimited',
    'systemerror',
    'undefined',
  ] as Reason[])('only counts temporary trouble: %s', (reason) => {
    expect(verdictFor(reason, false)).toEqual({ action: 'count-soft', counts: 'none' });
  });

  it('only counts a notaccept the server called temporary', () => {
    expect(verdictFor('notaccept', false)).toEqual({ action: 'count-soft', counts: 'none' });
  });

  it.each([
    'blocked',
    'badreputation',
    'requireptr',
    'authfailure',
    'rejected',
    'norelaying',
    'failedstarttls',
    'spamdetected',
    'virusdetected',
    'filtered',
    'policyviolation',
    'contenterror',
    'notcompliantrfc',
    'emailtoolarge',
  ] as Reason[])("never blacklists the recipient for the sender's or the content's problem: %s", (reason) => {
    expect(verdictFor(reason, false)).toEqual({ action: 'account-error', counts: 'error' });
  });

  it('ignores out-of-office replies and delivery notices', () => {
    expect(verdictFor('vacation', false).action).toBe('ignore');
    expect(verdictFor('delivered', false).action).toBe('ignore');
  });

  it('has a verdict for every reason of the taxonomy', () => {
    for (const reason of REASONS)
      expect(['blacklist-now', 'count-soft', 'account-error', 'ignore']).toContain(
        verdictFor(reason, false).action,
      );
  });
});

describe(countedAs.name, () => {
  it.each([
    ['userunknown', true, 'hard-bounce'],
    ['feedback', false, 'complaint'],
    ['spamdetected', false, 'error'],
    ['mailboxfull', false, 'soft'],
    ['expired', false, 'soft'],
  ] as [Reason, boolean, string][])('counts %s (hard: %s) as %s', (reason, hard, counted) => {
    expect(countedAs(verdictFor(reason, hard))).toBe(counted);
  });

  it('counts nothing for what is not a failure', () => {
    expect(countedAs(verdictFor('vacation', false))).toBeNull();
  });
});
