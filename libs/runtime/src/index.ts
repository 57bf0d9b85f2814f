export * from './bootstrap';
export * from './clock';
export * from './core.module';
export * from './front-server';
export * from './logger';
export * from './preflight';
export * from './tokens';
export * from './outbox-relay.service';
