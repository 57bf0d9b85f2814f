import { cox } from './cox';
import { spectrum } from './spectrum';
import { orange } from './orange';
import { godaddy } from './godaddy';
import { iua } from './iua';
import { tencent } from './tencent';
import { zoho } from './zoho';
import { aol } from './aol';
import { cloudflare } from './cloudflare';
import { microsoft } from './microsoft';
import { google } from './google';
import { yahoo } from './yahoo';
import { mimecast } from './mimecast';
import { yandex } from './yandex';
import { comcast } from './comcast';
import type { Provider } from './provider';

export type { Provider, ProviderCode, ProviderPhrase } from './provider';

/**
 * Every provider with a documented table, one file each; a code format or signature that is the
 * provider's alone recognises it first, so the order matters only among hosts' providers.
 */
export const PROVIDERS: readonly Provider[] = [
  cox,
  spectrum,
  orange,
  godaddy,
  iua,
  tencent,
  zoho,
  aol,
  cloudflare,
  microsoft,
  google,
  yahoo,
  mimecast,
  yandex,
  comcast,
];
