export * from './complaint';
export * from './factories';
export * from './free-port';
export * from './smtp-capture';
export * from './test-broker';
export * from './test-database';
export * from './wait-for';
