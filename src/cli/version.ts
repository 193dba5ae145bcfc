/** The WireTrace version the CLI and the server report. */
export const VERSION = '0.1.0';
