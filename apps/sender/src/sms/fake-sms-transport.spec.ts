import { FakeSmsTransport } from './fake-sms-transport';

describe(FakeSmsTransport.name, () => {
  const message = { to: '+4915123456789', from: 'Shop', text: 'Hi', reference: 'd1' };

  it('accepts and records by default, and answers scripted results first', async () => {
    const sut = new FakeSmsTransport().willAnswer({ kind: 'throttled', status: 'ESME_RTHROTTLED' });

    expect(await sut.send(message)).toEqual({ kind: 'throttled', status: 'ESME_RTHROTTLED' });
    expect(await sut.send(message)).toMatchObject({ kind: 'accepted', messageId: 'fake-1' });
    expect(sut.sent).toEqual([message, message]);
  });

  it('hands receipts and inbound messages to the listeners', () => {
    const sut = new FakeSmsTransport();
    const seen: unknown[] = [];
    sut.onReceipt((r) => seen.push(r));
    sut.onInbound((m) => seen.push(m));

    sut.deliverReceipt({ messageId: 'fake-1', state: 'delivered', detail: 'stat:DELIVRD' });
    sut.receiveInbound({ from: '+4915123456789', to: 'Shop', text: 'STOP' });

    expect(seen).toEqual([
      { messageId: 'fake-1', state: 'delivered', detail: 'stat:DELIVRD' },
      { from: '+4915123456789', to: 'Shop', text: 'STOP' },
    ]);
  });
});
