export * from './types';
export * from './consent';
export * from './stats';
