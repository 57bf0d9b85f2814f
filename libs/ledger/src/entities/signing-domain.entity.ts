import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A From domain the senders sign with DKIM (DKIM_KEYS), as the senders published it at their
 * start: the scheduler shows, per account, which of its From domains go out signed, without
 * reading the keys itself (they live on the senders' hosts only).
 */
@Entity({ tableName: 'signing_domains' })
export class SigningDomain {
  /** Lower case; a From domain below it (`news.shop.example` under `shop.example`) is signed with its key. */
  @PrimaryKey({ type: 'text' })
  domain: string;

  /** The DKIM selectors of its keys, comma-separated (an RSA and an Ed25519 key sign together). */
  @Property({ type: 'text' })
  selectors: string;

  @Property({ type: 'timestamptz' })
  publishedAt: Date;

  constructor(domain: string, selectors: string, publishedAt: Date) {
    this.domain = domain;
    this.selectors = selectors;
    this.publishedAt = publishedAt;
  }
}
