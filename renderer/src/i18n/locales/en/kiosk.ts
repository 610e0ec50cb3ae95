// Strings of the kiosk role (English).
export default {} as Record<string, unknown>;
