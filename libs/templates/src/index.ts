export * from './check-template';
export * from './prepare-content';
export * from './template-rejected';
