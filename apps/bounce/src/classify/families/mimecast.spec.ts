import { dsn } from '../test-messages';
import { mimecast as sut } from './mimecast';
import { reportOf, verdicts } from './spec-helpers';

const bounce = dsn({
  recipients: [
    {
      address: 'reader@example.net',
      status: '5.0.0',
      diagnostic: '554 Host network not allowed - https://community.mimecast.com/docs/DOC-1369#554',
    },
  ],
});

describe(sut.name, () => {
  it("reads a Mimecast refusal of the sending network as the recipient organisation's policy", () => {
    expect(sut.matches(reportOf(bounce))).toBe(true);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@example.net', reason: 'policyviolation', hard: false },
    ]);
  });
});
