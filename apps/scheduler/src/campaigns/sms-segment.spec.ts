import { SmsTemplate } from '@postroom/phones';
import { CampaignRejected } from './campaign-rejected';
import { checkedSmsRecipients, checkSmsRecipient, jsonPlace, smsTemplateOf } from './sms-segment';

function rejected(run: () => unknown): { status: number; problems: readonly string[] } {
  try {
    run();
  } catch (err) {
    if (err instanceof CampaignRejected) return { status: err.status, problems: err.problems };
    throw err;
  }
  throw new Error('accepted');
}

describe(checkSmsRecipient.name, () => {
  const template = new SmsTemplate('Hi {{name}}, {{vars.code}}');

  it('normalises the phone to E.164 and keeps name and vars', () => {
    expect(
      checkSmsRecipient({ phone: '+44 7400 123456', name: 'Jo', vars: { code: 1 } }, template, 'line 2'),
    ).toEqual({
      phone: '+447400123456',
      name: 'Jo',
      vars: { code: 1 },
    });
  });

  it.each([
    ['hello', 'is not a phone number'],
    ['07400 123456', 'has no +country code (write it as +49 151 23456789)'],
    ['+44 20 7946 0018', 'is not a mobile number (a landline cannot take an SMS)'],
    ['+1 201 155 0123', "is not a number in its country's plan"],
  ])('refuses %j with 400 naming its place: %s', (phone, words) => {
    expect(rejected(() => checkSmsRecipient({ phone, vars: { code: 1 } }, template, 'line 7'))).toEqual({
      status: 400,
      problems: [`line 7/phone ${JSON.stringify(phone)} ${words}`],
    });
  });

  it('refuses a recipient without the variables the text uses', () => {
    expect(rejected(() => checkSmsRecipient({ phone: '+447400123456' }, template, '/recipients/0'))).toEqual({
      status: 400,
      problems: ['/recipients/0: the text uses "code" (at 1:15), which this recipient does not have'],
    });
  });
});

describe(smsTemplateOf.name, () => {
  it('refuses a text over the limit with 422, and one that does not parse with 400', () => {
    expect(rejected(() => smsTemplateOf({ text: 'я'.repeat(403) }))).toEqual({
      status: 422,
      problems: ['/text: the SMS needs 7 UCS-2 segments (403 units); at most 6 are sent'],
    });
    expect(rejected(() => smsTemplateOf({ text: 'Hi {{name' }))).toMatchObject({ status: 400 });
  });
});

describe(checkedSmsRecipients.name, () => {
  it('names the first bad recipient by its place in the request', async () => {
    const rows = checkedSmsRecipients(
      [{ phone: '+447400123456' }, { phone: 'nope' }],
      new SmsTemplate('Hi'),
      jsonPlace,
    );
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const r of rows) seen.push(r.phone);
      })(),
    ).rejects.toThrow('/recipients/1/phone "nope" is not a phone number');
    expect(seen).toEqual(['+447400123456']);
  });
});
