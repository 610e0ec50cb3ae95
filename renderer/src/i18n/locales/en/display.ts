// Strings of the display role (English).
export default {} as Record<string, unknown>;
