import type { Lsn } from './lsn.js';

/**
 * The leader's WAL position over time, to turn a follower's replay position into a lag in time
 * that an idle leader does not inflate: a follower is `now - t` behind, where t is when the leader
 * was first seen past the follower's position. A follower that has replayed everything the leader
 * wrote is 0 ms behind however long ago that was (unlike `now() - pg_last_xact_replay_timestamp()`).
 */
export class LeaderHistory {
  /** Increasing positions, each with the first time it was seen. */
  private readonly samples: { lsn: Lsn; at: number }[] = [];

  constructor(
    /** How far back to remember: a follower behind every sample is at least this far behind. */
    private readonly keepMs: number,
  ) {}

  record(lsn: Lsn, at: number): void {
    const last = this.samples.at(-1);
    if (last && lsn <= last.lsn) return;
    this.samples.push({ lsn, at });
    while (this.samples.length > 2 && this.samples[1].at < at - this.keepMs)
      this.samples.shift();
  }

  /** Lag of a follower at `replay`, in ms (a lower bound when it is behind every remembered sample) and bytes. */
  lagOf(replay: Lsn, now: number): { ms: number; bytes: number } {
    const latest = this.samples.at(-1);
    if (!latest || replay >= latest.lsn) return { ms: 0, bytes: 0 };
    const firstAhead = this.samples.find((sample) => sample.lsn > replay);
    return {
      ms: Math.max(0, now - (firstAhead ?? latest).at),
      bytes: Number(latest.lsn - replay),
    };
  }
}
