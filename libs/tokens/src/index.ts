export * from './message-id';
export * from './token-signer';
export * from './verp-address';
