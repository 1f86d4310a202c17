/** A problem the CLI reports in one line and exit code 2: bad arguments or a bad file. */
export class UsageError extends Error {
  override name = 'UsageError';
}
