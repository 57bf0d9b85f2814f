import type { Provider } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import { SendSmsService } from './send-sms.service';
import { SmppTransport } from './smpp-transport';
import { SmsLedger } from './sms-ledger';
import { SmsReceiptsService } from './sms-receipts.service';
import { SMS_TRANSPORT } from './sms-transport.token';

export { SmsSendConsumer } from './sms-send.consumer';

/** The SMS channel beside SMTP: one SMPP transport to SMS_URL (binds kept open, reconnecting), its services (the stores come with CoreModule). */
export function smsProviders(c: ConfigOf<typeof senderEnv>): Provider[] {
  return [
    {
      provide: SMS_TRANSPORT,
      useFactory: () => {
        const transport = new SmppTransport({ url: c.SMS_URL, windowSize: c.SMS_WINDOW_SIZE });
        transport.start();
        return transport;
      },
    },
    SmsLedger,
    SendSmsService,
    SmsReceiptsService,
  ];
}
