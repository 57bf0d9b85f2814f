export * from './broker';
export * from './handle-result';
export * from './message-validator';
export * from './outbox-relay';
export * from './topology';
export * from './rabbit-transport';
