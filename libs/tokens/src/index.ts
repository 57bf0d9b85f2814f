export * from './token-signer';
