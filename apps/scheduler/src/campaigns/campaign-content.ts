import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import type { EmailCampaignHeader as CampaignHeader } from '@postroom/ledger'; // SMS have no template
import { CONFIG } from '@postroom/runtime';
import { TemplateRejected, type TemplateFinding, type TemplateProblem } from '@postroom/templates';
import { ContentRefused } from './content-refused';
import { ContentThread } from './content-thread';

export interface PreparedCampaign {
  /** The header as it is stored: `html` prepared (CSS inlined, MJML compiled), `text` made when absent, no `mjml`. */
  readonly header: CampaignHeader;
  readonly templateReport: TemplateFinding[];
}

/**
 * A submitted campaign's content made ready to store, once per campaign, for the API and the
 * broker alike: exactly one of html and mjml, MJML compiled, HTML checked and inlined, a text part.
 * Throws ContentRefused for content that must not be stored.
 */
@Injectable()
export class CampaignContent {
  constructor(
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    private readonly thread: ContentThread,
  ) {}

  async prepare(header: CampaignHeader): Promise<PreparedCampaign> {
    const { mjml, ...rest } = header;
    const shape = shapeProblems(header);
    if (shape.length > 0) throw new ContentRefused('shape', shape);
    let prepared;
    try {
      prepared = await this.thread.prepare(
        { html: header.html, mjml, text: header.text },
        {
          maxBytes: this.config.TEMPLATE_MAX_BYTES,
          limits: {
            maxImageWidth: this.config.TEMPLATE_MAX_WIDTH_PX,
            maxContentWidth: this.config.TEMPLATE_MAX_CONTENT_WIDTH_PX,
          },
        },
      );
    } catch (err) {
      if (err instanceof TemplateRejected) throw new ContentRefused('template', err.problems);
      throw err;
    }
    const errors = prepared.findings.filter((f) => f.severity === 'error');
    if (this.config.TEMPLATE_STRICT === 'true' && errors.length > 0) {
      throw new ContentRefused(
        'strict',
        errors.map((f) => ({ message: `${f.element}: ${f.message}` })),
        prepared.findings,
      );
    }
    return {
      header: { ...rest, html: prepared.html, text: prepared.text },
      templateReport: prepared.findings,
    };
  }
}

/** The contract's "exactly one of html and mjml", which its JSON Schema cannot say per field. */
function shapeProblems(header: CampaignHeader): TemplateProblem[] {
  if (header.html !== undefined && header.mjml !== undefined)
    return [{ message: '/html and /mjml are both given: send exactly one of them' }];
  if (header.html === undefined && header.mjml === undefined)
    return [{ message: '/html or /mjml is required' }];
  return [];
}
