export * from './env-schema';
export * from './common';
export * from './apps';
export * from './sender-delivery';
export * from './spam-env';
