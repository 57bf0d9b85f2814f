import type { Reason } from '../../reasons';

/* The shape of a provider's documented table of replies (../provider-replies.ts reads it). */

export interface ProviderCode {
  /** The code as the provider writes it (case-insensitive), or a numeric range "1020-1080". */
  readonly code: string;
  readonly reason: Reason;
  readonly meaning: string;
}

export interface ProviderPhrase {
  readonly pattern: RegExp;
  readonly reason: Reason;
  readonly meaning: string;
  /** Only under this enhanced status code (the provider documents the phrase with it). */
  readonly status?: RegExp;
  /**
   * Status codes the provider documents the phrase with, for a cause RFC 3463 gives the code
   * another meaning for (Gmail's x.7.23, RFC 7372's SPF failure, for a missing PTR record): under
   * one of them the phrase outranks the code's own meaning, as a `status` gate does.
   */
  readonly documentedWith?: RegExp;
}

export interface Provider {
  readonly name: string;
  /** Domains of the provider's mail hosts and of its users' addresses: a host matches one or a subdomain. */
  readonly domains: readonly string[];
  /** Where the provider's code appears in a reply; group 1 is the code looked up in `codes`. */
  readonly codeMark?: RegExp;
  /** The code format is the provider's alone: finding it recognises the provider without a host. */
  readonly codesAlone?: true;
  /**
   * A mark the provider documents writing into its own replies (Gmail's "gsmtp", a link to the
   * provider's page of error codes): finding it recognises the provider without a host.
   */
  readonly signature?: RegExp;
  readonly codes?: readonly ProviderCode[];
  /** Read after the codes, in order: the first that matches decides. */
  readonly phrases?: readonly ProviderPhrase[];
  readonly source: string;
}
