import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type CampaignSubmit } from '@postroom/contracts';
import { consumer } from '@postroom/messaging';
import { SubmitCampaignService } from './submit-campaign.service';

/** `campaign.submit` from upstream systems: validated at the edge, stored by the service. */
@Controller()
export class CampaignSubmitConsumer {
  constructor(private readonly submitCampaign: SubmitCampaignService) {}

  @EventPattern(MessageName.CampaignSubmit, consumer('scheduler.campaign-submit', { prefetch: 4 }))
  async handle(@Payload() payload: CampaignSubmit): Promise<void> {
    const { recipients, ...header } = payload;
    await this.submitCampaign.submit(header, recipients, 'broker');
  }
}
