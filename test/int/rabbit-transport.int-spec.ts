import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { MessageName, type DeliveryRejected, type DeliverySend } from '@postroom/contracts';
import {
  Broker,
  consumer,
  deadLetter,
  HEADER,
  RabbitContext,
  RabbitTransport,
  RethrowToBroker,
  type HandleResult,
} from '@postroom/messaging';
import { amqpUrl, deleteNamespace, publishRaw, tapQueue, testNamespace, waitFor } from '@postroom/testing';
import { silentLogger } from './helpers';

const seen: { sends: DeliverySend[]; attempts: number[]; rejected: DeliveryRejected[] } = {
  sends: [],
  attempts: [],
  rejected: [],
};

/** A controller as the apps write them: typed payloads, thin handlers. */
@Controller()
class ProbeConsumer {
  @EventPattern(MessageName.DeliverySend, consumer('probe.send'))
  send(@Payload() payload: DeliverySend): void {
    seen.sends.push(payload);
  }

  @EventPattern(
    MessageName.DeliveryRejected,
    consumer('probe.rejected', { maxAttempts: 3, retryDelayMs: 100 }),
  )
  async rejected(
    @Payload() payload: DeliveryRejected,
    @Ctx() ctx: RabbitContext,
  ): Promise<HandleResult | void> {
    seen.attempts.push(ctx.meta.attempt);
    if (payload.deliveryId === 'poison') return deadLetter('poison on purpose');
    if (payload.deliveryId === 'faulty') throw new Error('a fault, retried');
    seen.rejected.push(payload);
  }
}

@Module({ controllers: [ProbeConsumer] })
class ProbeModule {}

describe(RabbitTransport.name, () => {
  const namespace = testNamespace();
  let broker: Broker;
  let app: Awaited<ReturnType<typeof NestFactory.createMicroservice>>;

  beforeAll(async () => {
    broker = new Broker(amqpUrl(), namespace, silentLogger);
    await broker.connect();
    app = await NestFactory.createMicroservice<MicroserviceOptions>(ProbeModule, {
      strategy: new RabbitTransport(broker, { 'probe.send': { prefetch: 2 } }),
      logger: false,
    });
    app.useGlobalFilters(new RethrowToBroker());
    await app.listen();
  });

  afterAll(async () => {
    await app.close();
    await broker.close();
    await deleteNamespace(namespace, ['probe.send', 'probe.rejected']);
  });

  it('hands each handler its validated payload, and dead-letters what fails validation with the reason', async () => {
    const dlq = await tapQueue(namespace, `${namespace}.probe.send`, { deadLetters: true });

    await publishRaw(namespace, 'delivery.send', JSON.stringify({ deliveryIds: 'not-an-array' }));
    await broker.publish('delivery.send', { deliveryIds: ['7', '8'] });

    await waitFor(() => seen.sends.length === 1 && dlq.messages.length === 1, {
      message: 'one handled, one dead-lettered',
    });
    expect(seen.sends).toEqual([{ deliveryIds: ['7', '8'] }]);
    expect(String(dlq.messages[0].headers[HEADER.reason])).toMatch(/deliveryIds must be array/);
    await dlq.close();
  });

  it("retries a handler's fault with the broker's delay, then dead-letters it; a returned dead-letter goes at once", async () => {
    const dlq = await tapQueue(namespace, `${namespace}.probe.rejected`, { deadLetters: true });
    const rejection = (deliveryId: string): DeliveryRejected => ({
      deliveryId,
      campaignId: '00000000-0000-4000-8000-000000000000',
      account: 'a',
      email: 'a@example.com',
      smtpCode: 550,
      enhancedCode: '5.1.1',
      smtpReply: '550 5.1.1 no such user',
      at: '2031-01-01T00:00:00.000Z',
    });

    await broker.publish('delivery.rejected', rejection('faulty'));
    await broker.publish('delivery.rejected', rejection('poison'));
    await broker.publish('delivery.rejected', rejection('fine'));

    await waitFor(() => dlq.messages.length === 2 && seen.rejected.length === 1, {
      message: 'fault given up after 3 attempts, poison dead-lettered, fine handled',
    });
    const reasons = dlq.messages.map((m) => String(m.headers[HEADER.reason])).sort();
    expect(reasons).toEqual(['gave up after 3 attempts: a fault, retried', 'poison on purpose']);
    expect(seen.attempts.filter((a) => a > 1).length).toBeGreaterThanOrEqual(2);
    await dlq.close();
  });
});
