/**
 * Every body and query string the operator API (the scheduler) takes, declared once
 * (STYLE.md §12). The JSON Schemas in ../schema/api.json are generated from these types
 * (`npm run schema`, a test fails when they drift); the scheduler validates every request with
 * them and publishes the same schemas in its OpenAPI document.
 *
 * Field and parameter names are the API's: never rename one. A type with an index signature
 * takes fields it does not name (and ignores them), as that route always has; one without
 * refuses them.
 */
import type {
  CampaignSubmission,
  CampaignSubmit,
  Recipient,
  SmsCampaignSubmit,
  SmsRecipient,
} from './messages';

/** POST /v1/campaigns as JSON is the campaign.submit message itself. */
export type { CampaignSubmission, CampaignSubmit, Recipient, SmsCampaignSubmit, SmsRecipient };

/**
 * A sending account: letters, digits, ".", "_" and "-", starting with a letter or digit.
 * @minLength 1
 * @maxLength 100
 * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$
 */
export type AccountId = string;

/**
 * A lower-case word naming why an address is on the blacklist, such as userunknown, complaint
 * or manual.
 * @pattern ^[a-z][a-z0-9_-]{0,39}$
 */
export type BlacklistReason = string;

/**
 * The audit trail records the API token's name, never a field of the request. A request naming
 * an `operator` is refused, so that no client believes it was heard.
 */
export type ActorField = never;

/**
 * POST /v1/campaigns as `application/x-ndjson`: the first line, the campaign without
 * `recipients`; every further line is one Recipient.
 */
export type CampaignHeader = Omit<CampaignSubmit, 'recipients'>;

/** The first line of an SMS campaign's NDJSON segment; every further line is one SmsRecipient. */
export type SmsCampaignHeader = Omit<SmsCampaignSubmit, 'recipients'>;

/** The first NDJSON line of either channel, picked by `channel`. */
export type CampaignSubmissionHeader = CampaignHeader | SmsCampaignHeader;

/** GET /v1/campaigns: an account's campaigns, or the one with an idempotency key. */
export interface CampaignListQuery {
  /** Required with an operator token; an account token's own by default. */
  account?: AccountId;
  idempotencyKey?: string;
  [parameter: string]: unknown;
}

/** GET /v1/campaigns/{id}/recipients: the segment with each delivery's status. */
export interface CampaignExportQuery {
  /** @default "csv" */
  format?: 'csv' | 'ndjson';
  [parameter: string]: unknown;
}

/**
 * GET /v1/campaigns/{id}/audience and GET /v1/accounts/{id}/audience: the contacts as an ad
 * platform's hashed audience CSV (Google Ads Customer Match or Meta Custom Audiences).
 */
export interface AudienceQuery {
  format: 'google' | 'meta';
  /**
   * `all`: blacklisted and unsubscribed contacts too, which are left out by default (operator
   * tokens only).
   */
  include?: 'all';
  [parameter: string]: unknown;
}

/** PUT /v1/accounts/{id}: creates the account or changes it; absent fields stay as they are. */
export interface AccountSettings {
  /**
   * Emails a day, from the scheduler's MIN_DAILY_LIMIT to its MAX_DAILY_LIMIT.
   * @asType integer
   */
  dailyLimit?: number;
  /**
   * SMS a day, counted apart from the email limit (default 1000); the reputation rules do not
   * move it. 0 stops the account's SMS.
   * @asType integer
   * @minimum 0
   * @maximum 100000000
   */
  smsDailyLimit?: number;
  /**
   * The IANA time zone whose calendar day the limit counts.
   * @examples ["Europe/Berlin"]
   */
  timeZone?: string;
}

/** POST /v1/accounts/{id}/unblock (the body may be left out). */
export interface AccountUnblock {
  /** For the limit history: at most 500 characters are kept; blank means "unblocked by an operator". */
  reason?: string;
  operator?: ActorField;
  [field: string]: unknown;
}

/** GET /v1/blacklist: entries, filtered, paged by `after`. */
export interface BlacklistListQuery {
  /** An account token's own by default. */
  account?: AccountId;
  reason?: BlacklistReason;
  /** The address or a part of it. */
  address?: string;
  /**
   * @asType integer
   * @minimum 1
   * @maximum 1000
   * @default 100
   */
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
  [parameter: string]: unknown;
}

/** POST /v1/blacklist: an address added by hand (audited). */
export interface BlacklistAdd {
  account: AccountId;
  /**
   * @format email
   * @maxLength 320
   */
  address: string;
  /**
   * Any lower-case word but `unsubscribed`, which only the recipient sets.
   * @default "manual"
   */
  reason?: BlacklistReason;
  /** For the audit trail: at most 500 characters are kept. */
  note?: string;
  operator?: ActorField;
  [field: string]: unknown;
}

/** DELETE /v1/blacklist/{address}: the address can be sent to again (audited). */
export interface BlacklistRemoveQuery {
  account: AccountId;
  /** Why it is removed, for the audit trail: at most 500 characters are kept. */
  reason?: string;
  operator?: ActorField;
  [parameter: string]: unknown;
}

/** POST /v1/tokens: a token for one account (`account`) or for operators (`scope: "operator"`). */
export interface TokenCreate {
  /**
   * What audit trails record for its actions, unique for good: 1-64 letters, digits, ".", "_"
   * or "-", starting with a letter or digit.
   */
  name: string;
  /** The account of an account token. */
  account?: AccountId;
  /** `operator` without `account`; `account` (the default with `account`) with it. */
  scope?: 'operator' | 'account';
}

/** Each request type by the name of its schema in ../schema/api.json. */
export interface ApiRequests {
  CampaignSubmit: CampaignSubmit;
  CampaignHeader: CampaignHeader;
  Recipient: Recipient;
  CampaignSubmission: CampaignSubmission;
  CampaignSubmissionHeader: CampaignSubmissionHeader;
  SmsCampaignSubmit: SmsCampaignSubmit;
  SmsCampaignHeader: SmsCampaignHeader;
  SmsRecipient: SmsRecipient;
  CampaignListQuery: CampaignListQuery;
  CampaignExportQuery: CampaignExportQuery;
  AudienceQuery: AudienceQuery;
  AccountSettings: AccountSettings;
  AccountUnblock: AccountUnblock;
  BlacklistListQuery: BlacklistListQuery;
  BlacklistAdd: BlacklistAdd;
  BlacklistRemoveQuery: BlacklistRemoveQuery;
  TokenCreate: TokenCreate;
}
export type ApiRequestName = keyof ApiRequests;

const names: { [N in ApiRequestName]: N } = {
  CampaignSubmit: 'CampaignSubmit',
  CampaignHeader: 'CampaignHeader',
  Recipient: 'Recipient',
  CampaignSubmission: 'CampaignSubmission',
  CampaignSubmissionHeader: 'CampaignSubmissionHeader',
  SmsCampaignSubmit: 'SmsCampaignSubmit',
  SmsCampaignHeader: 'SmsCampaignHeader',
  SmsRecipient: 'SmsRecipient',
  CampaignListQuery: 'CampaignListQuery',
  CampaignExportQuery: 'CampaignExportQuery',
  AudienceQuery: 'AudienceQuery',
  AccountSettings: 'AccountSettings',
  AccountUnblock: 'AccountUnblock',
  BlacklistListQuery: 'BlacklistListQuery',
  BlacklistAdd: 'BlacklistAdd',
  BlacklistRemoveQuery: 'BlacklistRemoveQuery',
  TokenCreate: 'TokenCreate',
};

/** The names of the request schemas, for the schema generator and the scheduler. */
export const apiRequestNames: readonly ApiRequestName[] = Object.values(names);
