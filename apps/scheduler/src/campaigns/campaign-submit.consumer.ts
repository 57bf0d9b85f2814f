import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type CampaignSubmission } from '@postroom/contracts';
import { consumer, deadLetter, type HandleResult } from '@postroom/messaging';
import { CampaignRejected } from './campaign-rejected';
import { SubmitCampaignService } from './submit-campaign.service';

/** `campaign.submit` from upstream systems: validated at the edge, stored by the service. */
@Controller()
export class CampaignSubmitConsumer {
  constructor(private readonly submitCampaign: SubmitCampaignService) {}

  @EventPattern(MessageName.CampaignSubmit, consumer('scheduler.campaign-submit', { prefetch: 4 }))
  async handle(@Payload() payload: CampaignSubmission): Promise<HandleResult | void> {
    const { recipients, ...header } = payload;
    try {
      await this.submitCampaign.submit(header, recipients, 'broker');
    } catch (err) {
      // a bad phone or an SMS over the segment limit: no retry makes it good
      if (err instanceof CampaignRejected) return deadLetter(err.message);
      throw err;
    }
  }
}
