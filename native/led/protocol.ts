// Window LED bar protocol (ours; see docs/devices.md). Small frames with preamble 55 AA, 9600 8N1.
export const LED_PREAMBLE = [0x55, 0xaa] as const;

export const LedCmd = {
  /** GB18030 text (≤ 240 bytes) */
  text: 0x10,
  /** mode (0 static, 1 scroll left, 2 flash), speed 1–9 */
  scroll: 0x11,
  /** level 0–15 */
  brightness: 0x12,
  clear: 0x13,
  ping: 0x05,
} as const;

export type ScrollMode = 'static' | 'left' | 'flash';
export const SCROLL_MODES: readonly ScrollMode[] = ['static', 'left', 'flash'];
