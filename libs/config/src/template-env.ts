import { env } from './env-schema';

/** The template rules applied on submit (issue 13 §1); the scheduler reads them. */
export const templateEnv = {
  /** `true`: a campaign whose template report has an error is refused (422), not stored. */
  TEMPLATE_STRICT: env.oneOf(['false', 'true'] as const, 'false'),
  /** Widest image, px, by its width attribute or inline CSS. */
  TEMPLATE_MAX_WIDTH_PX: env.int(640, 1, 10_000),
  /** Widest content area (table, div, td, th, center), px. */
  TEMPLATE_MAX_CONTENT_WIDTH_PX: env.int(640, 1, 10_000),
  /** Largest html, mjml or text accepted, in UTF-8 bytes. */
  TEMPLATE_MAX_BYTES: env.int(512 * 1024, 1024, 5_000_000),
};
