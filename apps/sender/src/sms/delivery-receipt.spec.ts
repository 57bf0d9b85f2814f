import { isDeliveryReceipt, parseDeliveryReceipt } from './delivery-receipt';

describe(parseDeliveryReceipt.name, () => {
  const text = (stat: string, err = '000') =>
    `id:0a1b2c3d sub:001 dlvrd:001 submit date:2612011000 done date:2612011001 stat:${stat} err:${err} text:Hello Ada, our sale`;

  it('maps DELIVRD to delivered', () => {
    expect(parseDeliveryReceipt({ text: text('DELIVRD') })).toEqual({
      messageId: '0a1b2c3d',
      state: 'delivered',
      detail: 'stat:DELIVRD err:000',
    });
  });

  it.each(['UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED', 'UNKNOWN'])('maps %s to failed', (stat) => {
    expect(parseDeliveryReceipt({ text: text(stat, '001') })).toMatchObject({
      state: 'failed',
      detail: `stat:${stat} err:001`,
    });
  });

  it.each(['ENROUTE', 'ACCEPTD'])('ignores %s, which is not final', (stat) => {
    expect(parseDeliveryReceipt({ text: text(stat) })).toBeUndefined();
  });

  it('prefers the receipted_message_id and message_state TLVs to the text', () => {
    expect(
      parseDeliveryReceipt({ text: text('DELIVRD'), receiptedMessageId: 'ABC123', messageState: 5 }),
    ).toEqual({
      messageId: 'ABC123',
      state: 'failed',
      detail: 'stat:DELIVRD err:000',
    });
    expect(parseDeliveryReceipt({ text: '', receiptedMessageId: 'ABC123', messageState: 2 })).toEqual({
      messageId: 'ABC123',
      state: 'delivered',
      detail: 'message_state:DELIVERED',
    });
  });

  it('reads lower-case keys and values, and a quoted text that contains "stat:"', () => {
    expect(parseDeliveryReceipt({ text: 'id:77 stat:delivrd err:0 text:stat:UNDELIV haha' })).toMatchObject({
      messageId: '77',
      state: 'delivered',
    });
  });

  it('gives nothing for a text that is not a receipt', () => {
    expect(parseDeliveryReceipt({ text: 'STOP' })).toBeUndefined();
  });
});

describe(isDeliveryReceipt.name, () => {
  it('reads the message type bits of esm_class, whatever the UDHI bit', () => {
    expect(isDeliveryReceipt(0x04)).toBe(true);
    expect(isDeliveryReceipt(0x44)).toBe(true);
    expect(isDeliveryReceipt(0x00)).toBe(false);
    expect(isDeliveryReceipt(0x40)).toBe(false);
    expect(isDeliveryReceipt(0x08)).toBe(false); // an SME delivery acknowledgement is not a receipt
  });
});
