export * from './fields.ts';
export * from './templates.ts';
