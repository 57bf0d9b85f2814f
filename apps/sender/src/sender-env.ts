import { senderEnv } from '@postroom/config';
import { dkimKeysVar } from './dkim/dkim-env';

/** The sender's schema: the shared one, and DKIM_KEYS, whose key files only the sender reads. */
export const senderAppEnv = {
  ...senderEnv,
  DKIM_KEYS: dkimKeysVar(),
};
