import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type SmsSend } from '@postroom/contracts';
import { consumer } from '@postroom/messaging';
import { SendSmsService } from './send-sms.service';

/** `sms.send`: one batch of claimed SMS deliveries; acked after every outcome committed. */
@Controller()
export class SmsSendConsumer {
  constructor(private readonly sendSms: SendSmsService) {}

  @EventPattern(MessageName.SmsSend, consumer('sender.sms-send'))
  async handle(@Payload() payload: SmsSend): Promise<void> {
    await this.sendSms.sendBatch(payload.deliveryIds);
  }
}
