export * from './types';
export * from './consent';
