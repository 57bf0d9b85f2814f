import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type CampaignSubmission } from '@postroom/contracts';
import { ack, consumer, deadLetter, type HandleResult } from '@postroom/messaging';
import { CampaignRejected } from './campaign-rejected';
import { ContentRefused } from './content-refused';
import { SubmitCampaignService } from './submit-campaign.service';

/** `campaign.submit` from upstream systems: validated at the edge, stored by the service. */
@Controller()
export class CampaignSubmitConsumer {
  constructor(private readonly submitCampaign: SubmitCampaignService) {}

  @EventPattern(MessageName.CampaignSubmit, consumer('scheduler.campaign-submit', { prefetch: 4 }))
  async handle(@Payload() payload: CampaignSubmission): Promise<HandleResult> {
    const { recipients, ...header } = payload;
    try {
      await this.submitCampaign.submit(header, recipients, 'broker');
    } catch (err) {
      // refused content (a bad template, a bad phone, an SMS over the segment limit) is a bad
      // message, not a fault: retrying cannot help
      if (err instanceof ContentRefused || err instanceof CampaignRejected) return deadLetter(err.message);
      throw err;
    }
    return ack;
  }
}
