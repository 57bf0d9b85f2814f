import { isStopWord } from '@postroom/phones';
import { waitFor } from '@postroom/testing';
import { SmppCatcher, type SmppCatcherOptions } from './smpp-catcher';
import { SmppTransport, type SmppTransportOptions } from './smpp-transport';
import type { DeliveryReceipt, InboundSms } from './sms-transport';

/** Real SMPP over loopback: the transport against the catcher as its SMS centre. */
describe(SmppTransport.name, () => {
  let catcher: SmppCatcher;
  let sut: SmppTransport;
  const receipts: DeliveryReceipt[] = [];
  const inbound: InboundSms[] = [];
  const message = (text: string, to = '+4915123456789') => ({
    to,
    from: 'ShopNews',
    text,
    reference: 'delivery-1',
  });

  async function start(
    catcherOptions: SmppCatcherOptions = {},
    transport: Partial<SmppTransportOptions> = {},
  ) {
    catcher = new SmppCatcher({ systemId: 'postroom', password: 'pw', ...catcherOptions });
    const { url } = await catcher.start();
    sut = new SmppTransport({
      url: url.replace('catcher', 'pw'),
      reconnect: { baseMs: 20, maxMs: 200 },
      ...transport,
    });
    sut.onReceipt((r) => receipts.push(r));
    sut.onInbound((m) => inbound.push(m));
    sut.start();
    await waitFor(() => sut.status().bound === sut.status().pool, { timeoutMs: 3000, message: 'bound' });
  }

  afterEach(async () => {
    await sut?.close();
    await catcher?.stop();
    receipts.length = 0;
    inbound.length = 0;
  });

  it('sends an SMS that the SMS centre accepts, and maps its delivery receipt', async () => {
    await start();

    const result = await sut.send(message('Your order has shipped.'));

    expect(result).toEqual({
      kind: 'accepted',
      messageId: '00000001',
      messageIds: ['00000001'],
      segments: 1,
    });
    expect(catcher.messages()).toEqual([
      {
        to: '+4915123456789',
        from: 'ShopNews',
        text: 'Your order has shipped.',
        segments: 1,
        encoding: 'GSM-7',
        messageIds: ['00000001'],
      },
    ]);
    expect(catcher.received[0]).toMatchObject({ systemId: 'postroom', dataCoding: 0, esmClass: 0 });
    await waitFor(() => receipts.length === 1, { timeoutMs: 2000, message: 'receipt' });
    expect(receipts).toEqual([{ messageId: '00000001', state: 'delivered', detail: 'stat:DELIVRD err:000' }]);
  });

  it('maps an UNDELIV receipt to failed', async () => {
    await start({ undeliverable: ['+4915123456789'] });

    await sut.send(message('Hello'));

    await waitFor(() => receipts.length === 1, { timeoutMs: 2000, message: 'receipt' });
    expect(receipts[0]).toMatchObject({ state: 'failed', detail: 'stat:UNDELIV err:001' });
  });

  it('surfaces an inbound STOP from a phone', async () => {
    await start();

    expect(catcher.injectInbound({ from: '+4915123456789', to: 'ShopNews', text: 'Stop' })).toBe(true);

    await waitFor(() => inbound.length === 1, { timeoutMs: 2000, message: 'inbound' });
    expect(inbound).toEqual([{ from: '+4915123456789', to: 'ShopNews', text: 'Stop' }]);
    expect(isStopWord(inbound[0].text)).toBe(true);
  });

  it('reports throttling so the caller can back off, and the same message then goes', async () => {
    await start({ throttle: 2 });

    expect(await sut.send(message('Hi'))).toEqual({ kind: 'throttled', status: 'ESME_RTHROTTLED' });
    expect(await sut.send(message('Hi'))).toEqual({ kind: 'throttled', status: 'ESME_RTHROTTLED' });
    expect(await sut.send(message('Hi'))).toMatchObject({ kind: 'accepted' });
    expect(catcher.messages()).toHaveLength(1);
  });

  it('reports a refused number with the command_status name, as permanent', async () => {
    await start({ refuse: { '+4915100000000': 'ESME_RINVDSTADR', '+4915100000001': 'ESME_RSYSERR' } });

    expect(await sut.send(message('Hi', '+4915100000000'))).toEqual({
      kind: 'refused',
      status: 'ESME_RINVDSTADR',
      permanent: true,
      segmentsSent: 0,
    });
    expect(await sut.send(message('Hi', '+4915100000001'))).toMatchObject({
      status: 'ESME_RSYSERR',
      permanent: false,
    });
  });

  it('rebinds when the SMS centre drops the bind, and the next send works', async () => {
    await start({ dropBindAfter: 1 });

    expect(await sut.send(message('first'))).toMatchObject({ kind: 'accepted' });
    await waitFor(() => catcher.binds === 2 && sut.status().bound === 1, {
      timeoutMs: 3000,
      message: 'rebound',
    });

    expect(await sut.send(message('second'))).toMatchObject({ kind: 'accepted' });
    expect(catcher.messages().map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('answers not-sent while there is no bind', async () => {
    await start();
    await catcher.stop();
    await waitFor(() => sut.status().bound === 0, { timeoutMs: 3000, message: 'unbound' });

    expect(await sut.send(message('Hi'))).toEqual({ kind: 'not-sent', reason: 'no bind to the SMS centre' });
    expect(sut.status().lastError).toBeDefined();
  });

  it('sends a long GSM-7 text as concatenated segments that the SMS centre puts back together', async () => {
    await start();
    const text =
      'Spring sale: 20% off linen shirts & light jackets until Sunday. '.repeat(5) + 'Prices in € {EUR}.';

    const result = await sut.send(message(text));

    expect(result).toMatchObject({ kind: 'accepted', segments: 3 });
    const [caught] = catcher.messages();
    expect(caught).toMatchObject({ text, segments: 3, encoding: 'GSM-7' });
    const heads = catcher.received.map((s) => s.concat);
    expect(heads.map((h) => [h?.total, h?.sequence])).toEqual([
      [3, 1],
      [3, 2],
      [3, 3],
    ]);
    expect(new Set(heads.map((h) => h?.reference)).size).toBe(1);
    expect(catcher.received.every((s) => (s.esmClass & 0x40) === 0x40)).toBe(true); // UDHI
  });

  it('sends UCS-2 (data_coding 8) for text outside GSM-7, emoji counting two units', async () => {
    await start();
    const text = 'Привет, Ада! Скидка 20% 🎉 '.repeat(4); // 27 × 4 = 108 UTF-16 units

    const result = await sut.send(message(text));

    expect(result).toMatchObject({ kind: 'accepted', segments: 2 });
    expect(catcher.messages()).toEqual([expect.objectContaining({ text, segments: 2, encoding: 'UCS-2' })]);
    expect(catcher.received.map((s) => s.dataCoding)).toEqual([8, 8]);
  });

  it('keeps at most the window of submit_sm outstanding, and sends them all', async () => {
    await start({ submitDelayMs: 15 }, { windowSize: 2 });
    const seen: number[] = [];
    const probe = setInterval(() => seen.push(sut.status().outstanding), 1);

    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => sut.send(message(`n${i}`))));
    clearInterval(probe);

    expect(results.every((r) => r.kind === 'accepted')).toBe(true);
    expect(Math.max(...seen)).toBe(2);
    expect(
      catcher
        .messages()
        .map((m) => m.text)
        .sort(),
    ).toEqual(Array.from({ length: 12 }, (_, i) => `n${i}`).sort());
  });

  it('tries a throttled later segment again, so a long SMS is not left half sent', async () => {
    await start({ throttleSubmits: [2] });
    const text = 'x'.repeat(200);

    expect(await sut.send(message(text))).toMatchObject({ kind: 'accepted', segments: 2 });
    expect(catcher.received.map((s) => [s.concat?.sequence, s.status])).toEqual([
      [1, 'ESME_ROK'],
      [2, 'ESME_RTHROTTLED'],
      [2, 'ESME_ROK'],
    ]);
    expect(catcher.messages()).toEqual([expect.objectContaining({ text, segments: 2 })]);
  });

  it('answers unknown when the SMS centre took a submit_sm but never answered in time', async () => {
    await start({ submitDelayMs: 500 }, { submitTimeoutMs: 50 });

    expect(await sut.send(message('Hi'))).toEqual({
      kind: 'unknown',
      reason: 'the SMS centre did not answer in time',
      segmentsSent: 0,
    });
  });

  it('keeps a small pool of binds', async () => {
    await start({}, { poolSize: 2 });

    expect(catcher.boundSessions).toBe(2);
    await Promise.all(Array.from({ length: 6 }, (_, i) => sut.send(message(`p${i}`))));
    expect(catcher.messages()).toHaveLength(6);
  });

  it('is refused a bind with wrong credentials and says why', async () => {
    catcher = new SmppCatcher({ systemId: 'postroom', password: 'right' });
    const { host, port } = await catcher.start();
    sut = new SmppTransport({
      url: `smpp://postroom:wrong@${host}:${port}`,
      reconnect: { baseMs: 20, maxMs: 100 },
    });
    sut.start();

    await waitFor(() => sut.status().lastError === 'bind refused: ESME_RINVPASWD', {
      timeoutMs: 3000,
      message: 'refusal',
    });
    expect(sut.status().bound).toBe(0);
  });
});
