// Strings of the counter role (English).
export default {} as Record<string, unknown>;
