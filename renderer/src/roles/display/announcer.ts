// Voice announcements, queued so that none cuts off another, each repeated per the hall's
// setting. Speech comes from the Web Speech API with a zh-CN voice when present; the log is
// what tests read (they check the queue, not the audio).
export interface AnnouncementLogEntry {
  text: string;
  repeat: number;
  startedAt: number;
  endedAt: number | null;
}

export type Speaker = (text: string) => Promise<void>;

export function webSpeechSpeaker(): Speaker | null {
  if (typeof speechSynthesis === 'undefined') return null;
  return (text) =>
    new Promise<void>((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      u.rate = 0.9;
      const zh = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith('zh'));
      if (zh) u.voice = zh;
      // Some engines never fire onend without a voice: give every utterance a ceiling.
      const ceiling = setTimeout(resolve, 1500 + text.length * 350);
      u.onend = u.onerror = () => {
        clearTimeout(ceiling);
        resolve();
      };
      speechSynthesis.speak(u);
    });
}

/** A silent speaker that takes the time speech would (used when no voice exists). */
export function timedSpeaker(msPerChar = 220): Speaker {
  return (text) => new Promise((r) => setTimeout(r, Math.max(800, text.length * msPerChar)));
}

export class Announcer {
  readonly log: AnnouncementLogEntry[] = [];
  private readonly queue: string[] = [];
  private running = false;

  constructor(
    private readonly speak: Speaker,
    private readonly repeats: number,
    private readonly gapMs = 400,
  ) {}

  enqueue(text: string): void {
    this.queue.push(text);
    void this.drain();
  }

  get pending(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const text = this.queue.shift()!;
        for (let i = 1; i <= this.repeats; i++) {
          const entry: AnnouncementLogEntry = { text, repeat: i, startedAt: Date.now(), endedAt: null };
          this.log.push(entry);
          await this.speak(text);
          entry.endedAt = Date.now();
          await new Promise((r) => setTimeout(r, this.gapMs));
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** "请 A023 号到 5 号窗口办理" — digits read one by one so "023" is not "twenty-three". */
export function callText(ticketNumber: string, windowNo: number): string {
  const spoken = ticketNumber.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);
  return `请 ${spoken} 号到 ${windowNo} 号窗口办理`;
}
