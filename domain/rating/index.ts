// 好差评 rules: levels and code mappings, versioned reason lists, validation, follow-up tasks.
export * from './levels';
export * from './reasons';
export * from './cityReasons';
export * from './validate';
export * from './followUp';
export * from './stats';
