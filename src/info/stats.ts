/** Server-wide counters behind INFO stats and errorstats; CONFIG RESETSTAT clears them. */
export class ServerStats {
  totalConnections = 0;
  rejectedConnections = 0;
  totalCommands = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  totalErrorReplies = 0;
  readonly errors = new Map<string, number>();

  countError(code: string): void {
    this.totalErrorReplies++;
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  reset(): void {
    this.totalConnections = this.rejectedConnections = this.totalCommands = 0;
    this.netInputBytes = this.netOutputBytes = this.totalErrorReplies = 0;
    this.errors.clear();
  }
}

/** Per-command counters for INFO commandstats. */
export interface CommandStats {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}
