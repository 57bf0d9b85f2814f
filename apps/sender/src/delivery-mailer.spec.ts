import { loadConfig, senderEnv } from '@postroom/config';
import type { SendingDelivery } from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import { FakeClock } from '@postroom/runtime';
import { FakeMailTransport } from '@postroom/testing';
import { DeliveryMailer } from './delivery-mailer';
import { mailerForSpec } from './mailer-spec-helpers';
import type { OutcomeWrite } from './outcome/outcome-writer';
import type { CampaignTemplate } from './render/rendered-message';

/** The one clock of these tests: a fixed instant, whatever day they run on. */
const NOW = new Date('2031-03-14T09:00:00Z');

/** Keeps every written batch; every outcome counts as a change. */
class RecordingWriter {
  readonly written: OutcomeWrite[] = [];
  async write(batch: readonly OutcomeWrite[]): Promise<Set<string>> {
    this.written.push(...batch);
    return new Set(batch.map((b) => b.outcome.id));
  }
}

const campaign: CampaignTemplate = {
  id: '7',
  from: 'news@acme.example',
  subject: 'Hello {{name}}',
  html: '<p>Hi {{name}}</p>',
  text: null,
};

function delivery(id: string, email: string): SendingDelivery {
  return { id, campaign_id: '7', account_id: 'acme', email, name: 'Ann', vars: null, attempts: 0 };
}

describe(DeliveryMailer.name, () => {
  let transport: FakeMailTransport;
  let writer: RecordingWriter;
  let sut: DeliveryMailer;

  beforeEach(() => {
    const config = loadConfig('sender', senderEnv, { TRACKING_KEYS: 'k1:unit-tracking-secret-0123456789' });
    transport = new FakeMailTransport();
    writer = new RecordingWriter();
    const parts = {
      config,
      clock: new FakeClock(NOW),
      metrics: new Metrics('test'),
      campaign,
      transport,
      writer,
    };
    sut = mailerForSpec(parts).mailer;
  });

  it('sends the rendered message to the recipient and records it sent on a 250', async () => {
    await sut.send(delivery('1', 'ann@x.example'), undefined);

    expect(transport.recipients()).toEqual(['ann@x.example']);
    expect(transport.sent[0].raw.toString()).toContain('Subject: Hello Ann');
    expect(writer.written.map((w) => [w.outcome.id, w.outcome.status])).toEqual([['1', 'sent']]);
  });

  it('records a bounce with what the bounce service needs when the server answers 550', async () => {
    transport.answer('gone@x.example', 550, '550 5.1.1 no such user');

    await sut.send(delivery('2', 'gone@x.example'), undefined);

    expect(writer.written[0].outcome).toMatchObject({ id: '2', status: 'bounced' });
    expect(writer.written[0].rejected).toMatchObject({
      deliveryId: '2',
      smtpCode: 550,
      enhancedCode: '5.1.1',
      smtpReply: '550 5.1.1 no such user',
    });
  });

  it('records a 4xx as a retry, not a bounce', async () => {
    transport.answer('busy@x.example', 451);

    await sut.send(delivery('3', 'busy@x.example'), undefined);

    expect(writer.written[0].outcome).toMatchObject({ id: '3', status: 'retrying' });
    expect(writer.written[0].rejected).toBeUndefined();
  });

  it('sends nothing to a blacklisted address and gives its quota back', async () => {
    await sut.send(delivery('4', 'listed@x.example'), 'hard-bounce');

    expect(transport.sent).toEqual([]);
    expect(writer.written[0].outcome).toEqual({
      id: '4',
      status: 'suppressed',
      reason: 'blacklisted: hard-bounce',
      quotaReturned: true,
    });
  });

  it('writes what is pending and closes the transport on close', async () => {
    await sut.close();
    expect(transport.closed).toBe(true);
  });
});
