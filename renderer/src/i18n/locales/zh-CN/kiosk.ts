// Strings of the kiosk role (zh-CN). Keys are shared with ../en/kiosk.ts.
export default {} as Record<string, unknown>;
