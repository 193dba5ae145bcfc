/** A mistake in the command line: reported with the usage text, exit code 2. */
export class UsageError extends Error {}

/** A command that cannot go on for a reason the user can act on: its message alone, exit code 1. */
export class CommandError extends Error {}
