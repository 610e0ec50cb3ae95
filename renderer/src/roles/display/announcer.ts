// Voice announcements, queued so that none cuts off another, each repeated per the hall's
// setting. Speech comes from the Web Speech API with a zh-CN voice when one is installed;
// without one from pre-rendered clips (clipSpeaker.ts), and if those fail a timed silent speaker
// keeps the same pacing (so the queue, the LED-style flash and the log behave the same).
// The log is what tests read: they check the queue, not audio.
export interface AnnouncementLogEntry {
  text: string;
  repeat: number;
  startedAt: number;
  endedAt: number | null;
  /** 'speech' when a zh voice spoke it, 'clips' for pre-rendered clips, 'timed' when silent. */
  via: SpokenVia;
}

export type SpokenVia = 'speech' | 'clips' | 'timed';
export type Speaker = (text: string) => Promise<SpokenVia>;

function zhVoice(): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  return speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().replace('_', '-').startsWith('zh')) ?? null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A silent speaker that takes the time speech would (about 4 characters a second). */
export function timedSpeaker(msPerChar = 220): Speaker {
  return async (text) => {
    await sleep(Math.max(800, text.length * msPerChar));
    return 'timed';
  };
}

/**
 * Web Speech with a Mandarin voice, decided per announcement (voices load late in Chromium);
 * falls back to `fallback` when no zh voice exists or the engine fails.
 */
export function speechOrTimed(fallback: Speaker = timedSpeaker()): Speaker {
  return async (text) => {
    const voice = zhVoice();
    if (!voice) return fallback(text);
    const spoke = await new Promise<boolean>((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      u.voice = voice;
      u.rate = 0.85;
      // Some engines never fire onend: give every utterance a ceiling so the queue moves on.
      const ceiling = setTimeout(() => resolve(true), 2000 + text.length * 400);
      u.onend = () => {
        clearTimeout(ceiling);
        resolve(true);
      };
      u.onerror = () => {
        clearTimeout(ceiling);
        resolve(false);
      };
      speechSynthesis.speak(u);
    });
    return spoke ? 'speech' : fallback(text);
  };
}

export class Announcer {
  readonly log: AnnouncementLogEntry[] = [];
  private readonly queue: string[] = [];
  private running = false;
  private listeners = new Set<(speaking: string | null) => void>();

  constructor(
    private readonly speak: Speaker,
    public repeats: number,
    /** Pause after each repetition; both follow the hall's settings live (displaySettings.ts). */
    public gapMs = 600,
  ) {}

  enqueue(text: string): void {
    this.queue.push(text);
    void this.drain();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Called with the text being spoken, and null when the queue is empty. */
  onSpeaking(fn: (speaking: string | null) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const text = this.queue.shift()!;
        for (const l of this.listeners) l(text);
        for (let i = 1; i <= Math.max(1, this.repeats); i++) {
          const entry: AnnouncementLogEntry = { text, repeat: i, startedAt: Date.now(), endedAt: null, via: 'timed' };
          this.log.push(entry);
          entry.via = await this.speak(text);
          entry.endedAt = Date.now();
          await sleep(this.gapMs);
        }
      }
    } finally {
      this.running = false;
      for (const l of this.listeners) l(null);
    }
  }
}

const DIGITS = '零一二三四五六七八九';

/** "请 A零二三 号到 5 号窗口办理": digits read one by one so "023" is not "twenty-three". */
export function callText(ticketNumber: string, windowNo: number, windowName?: string): string {
  const spoken = ticketNumber.replace(/\d/g, (d) => DIGITS[Number(d)]!);
  const where = windowName && !/^\d+号窗口$/.test(windowName) ? windowName : `${windowNo} 号窗口`;
  return `请 ${spoken} 号到 ${where}办理`;
}
