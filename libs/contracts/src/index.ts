export * from './messages';
export * from './delivery-status';
export * from './schemas';
export * from './api';
