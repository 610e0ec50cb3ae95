// Public API of the devices layer (native/). The counter core imports from here.
export { IdCardReader, probeIdCardPort, discoverIdCardPort } from './idcard/reader';
export type { CardRead, ReaderStatus, IdCardReaderOptions } from './idcard/reader';
export { idCardSchema, parseTextBlock, buildTextBlock, CARD_KIND_LABEL } from './idcard/card';
export type { IdCard, CardKind, CardFields } from './idcard/card';
export { cardFixtures, demoResident, demoHmtPermit, demoForeignOld, demoForeignNew, rareNameResident } from './idcard/fixtures';
export type { CardFixtureName } from './idcard/fixtures';
export { PhotoDecoder, PHOTO_UNAVAILABLE } from './idcard/photo';
export { samStatus } from './idcard/status';

export { createReceiptPrinter, SerialPrinterInterface } from './printer/printer';
export type { ReceiptPrinter, PrinterStatus, ReceiptPrinterOptions } from './printer/printer';
export { renderReceipt, validateReceiptData } from './printer/render';
export type { RenderedReceipt } from './printer/render';
export { PrintQueue } from './printer/queue';
export type { PrintJob, PrintJobState } from './printer/queue';
export { decodeEscPos } from './printer/decode';

export { RatingSession, SessionEvaluator, BAD_LEVELS } from './evaluator/contract';
export type { Evaluator, EvaluatorClerk, EvaluatorCase, EvaluatorKind, EvaluatorStatus, Rating, RatingOutcome, RatingReason, RatingRequest } from './evaluator/contract';
export { KeyBoxEvaluator } from './evaluator/keybox';
export { LedBar } from './led/ledBar';

export { listSerialPorts } from './serial/ports';
export * from './simulators';
export { idReaderDeviceStatus, printerDeviceStatus, evaluatorDeviceStatus, ledDeviceStatus } from './deviceStatus';
export type { LinkStatus } from './serial/smallLink';
