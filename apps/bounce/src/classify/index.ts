/**
 * The pure classification core of the bounce service: parse a raw bounce, complaint or reply
 * (`parseReport`), then decide what it says about which recipients (`classify`). No I/O.
 */
export { parseReport, DEFAULT_LIMITS } from './parse-report';
export type {
  HeaderField,
  MimeLimits,
  OriginalMessage,
  ParsedReport,
  RejectReason,
  RejectedReport,
  Report,
} from './parse-report';
export type { DeliveryStatus, DsnRecipient, FeedbackReport } from './report-fields';
export { classify, classifySmtpReply } from './classify';
export type {
  BounceMatch,
  Classification,
  ClassificationKind,
  ClassifiedRecipient,
  ClassifyOptions,
  SmtpCommand,
} from './classify';
export { REASONS, isHard, isReason, type Reason } from './reasons';
export { verpTokenOf } from './verp';
export { flattenDiagnostic, MAX_DIAGNOSTIC_CHARS } from './plain-text';
