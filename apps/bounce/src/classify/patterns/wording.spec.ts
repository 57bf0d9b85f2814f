import { wordingReason } from '../decide-reason';
import { REASONS } from '../reasons';
import { REASON_PRIORITY, WORDING } from './wording';

describe('WORDING', () => {
  describe.each(WORDING.map((rule, i) => [`#${i} ${rule.reason}: ${rule.example}`, rule] as const))(
    '%s',
    (_, rule) => {
      it('matches its example', () => {
        expect(rule.pattern.test(rule.example)).toBe(true);
      });

      it('maps its example to its reason', () => {
        expect(wordingReason(rule.example)).toBe(rule.reason);
      });
    },
  );

  it('ranks every reason it uses', () => {
    const unranked = WORDING.filter((r) => !REASON_PRIORITY.includes(r.reason)).map((r) => r.reason);
    expect(unranked).toEqual([]);
  });

  it('ranks only reasons of the taxonomy, each once', () => {
    expect(REASON_PRIORITY.filter((r) => !REASONS.includes(r))).toEqual([]);
    expect(new Set(REASON_PRIORITY).size).toBe(REASON_PRIORITY.length);
  });

  it('has no pattern that keeps state between matches', () => {
    expect(WORDING.filter((r) => r.pattern.global || r.pattern.sticky)).toEqual([]);
  });

  it.each([
    ['a reply that only says the message was sent', 'Thanks, I got your message and will answer tomorrow.'],
    ['a bounce preamble', 'This is the mail system at host mx.example.org.'],
    ['an exim preamble', 'A message that you sent could not be delivered to one or more of its recipients.'],
  ])('finds no reason in %s', (_, text) => {
    expect(wordingReason(text)).toBeNull();
  });
});
