// Strings of the pad role (zh-CN). Keys are shared with ../en/pad.ts.
export default {} as Record<string, unknown>;
