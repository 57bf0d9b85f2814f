import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MessageName } from '@postroom/contracts';
import { ack, type Broker } from '@postroom/messaging';
import { BROKER } from '@postroom/runtime';
import { SubmitCampaignService } from './submit-campaign.service';

/** `campaign.submit` from upstream systems: validated by the broker layer, stored by the service. */
@Injectable()
export class CampaignSubmitConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(BROKER) private readonly broker: Broker,
    private readonly submitCampaign: SubmitCampaignService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.consume(
      { message: MessageName.CampaignSubmit, name: 'scheduler.campaign-submit', prefetch: 4 },
      async (payload) => {
        const { recipients, ...header } = payload;
        await this.submitCampaign.submit(header, recipients, 'broker');
        return ack;
      },
    );
  }
}
