// One pino logger for the core. Personal data (ID numbers, names, addresses, photos) is never
// passed to it; the redact list is a second line of defence, not the first.
import pino from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { svc: 'counter-core' },
  redact: { paths: ['*.idNumber', '*.name', '*.address', '*.photo', '*.password', 'password', 'idNumber'], censor: '[redacted]' },
});
