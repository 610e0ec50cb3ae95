// Strings of the display role (zh-CN). Keys are shared with ../en/display.ts.
export default {} as Record<string, unknown>;
