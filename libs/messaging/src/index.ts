export * from './broker';
export * from './handle-result';
export * from './mail-transport';
export * from './message-validator';
export * from './outbox-relay';
export * from './publisher';
export * from './topology';
export * from './rabbit-transport';
