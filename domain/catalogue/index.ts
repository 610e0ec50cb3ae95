// Service catalogue: item schemas and the counter's name / pinyin-initials / code search.
export * from './schema';
export * from './search';
export { sampleCatalogueItems } from './sampleItems';
export * from './packages';
