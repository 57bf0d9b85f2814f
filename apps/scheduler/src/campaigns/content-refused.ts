import type { TemplateFinding, TemplateProblem } from '@postroom/templates';

/**
 * Why a campaign's content is not stored:
 * - `shape`: not exactly one of html and mjml (the API answers 400, as for other bad bodies);
 * - `template`: HTML or MJML that cannot be sent (broken, too large, scripts, MJML errors): 422;
 * - `strict`: TEMPLATE_STRICT=true and the template report has errors: 422 with the report.
 * The broker dead-letters the message with `message` as the reason.
 */
export class ContentRefused extends Error {
  constructor(
    readonly kind: 'shape' | 'template' | 'strict',
    readonly problems: readonly TemplateProblem[],
    readonly templateReport: readonly TemplateFinding[] = [],
  ) {
    super(
      `${LEAD[kind]}: ${problems.map((p) => (p.line ? `line ${p.line}: ${p.message}` : p.message)).join('; ')}`,
    );
    this.name = 'ContentRefused';
  }
}

const LEAD: Record<ContentRefused['kind'], string> = {
  shape: 'campaign refused',
  template: 'template refused',
  strict: 'template refused (TEMPLATE_STRICT=true): the template report has errors',
};
