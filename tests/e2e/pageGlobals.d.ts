// Test hooks the pages expose (read inside page.evaluate).
export {};

declare global {
  interface Window {
    __hallAnnouncer?: { log: { text: string; repeat: number; startedAt: number; endedAt: number | null }[]; pending: number };
  }
}
