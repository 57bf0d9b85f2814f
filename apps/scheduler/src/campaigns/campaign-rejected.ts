/**
 * A campaign refused on submit for what its content says, before anything is stored: 400 for a
 * recipient or template that is wrong (a phone that is no number), 422 for one that is well
 * formed but cannot be sent as asked (an SMS over the segment limit). Not an HTTP exception:
 * the broker's consumer dead-letters it with the same words.
 */
export class CampaignRejected extends Error {
  constructor(
    readonly status: 400 | 422,
    readonly problems: readonly string[],
  ) {
    super(problems.join('; '));
  }
}
