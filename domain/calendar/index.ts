// Working-day calendar and deadlines: shared by the counter core, the hall server and the UI.
export * from './dates';
export { bundledOfficialData, officialDataFrom, type OfficialCalendarData } from './officialData';
export * from './calendar';
export * from './deadline';
export * from './hallTime';
export * from './hallClock';
export * from './schemas';
export * from './overrides';
