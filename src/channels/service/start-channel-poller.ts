/**
 * Background polling of all active channels on an interval (for `spreekuur serve`). Runs never
 * overlap; one failing channel never stops the others (see pollAllChannels). Call `stop()` on
 * shutdown; the timer does not keep the process alive.
 */
import type { AppContext } from "../../lib/context.ts";
import { pollAllChannels } from "./poll-channel.ts";

export interface StartChannelPollerOptions {
  intervalMs: number;
  /** Called after each round (for logs); never with tokens. */
  onRound?: ((results: Awaited<ReturnType<typeof pollAllChannels>>) => void) | undefined;
  onError?: ((error: unknown) => void) | undefined;
}

export interface ChannelPoller {
  /** Runs one round now (waits for a running round first). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startChannelPoller(ctx: AppContext, options: StartChannelPollerOptions): ChannelPoller {
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = async () => {
    try {
      const results = await pollAllChannels(ctx);
      options.onRound?.(results);
    } catch (error) {
      options.onError?.(error);
    }
  };
  const tick = () => {
    if (stopped || running) {
      return;
    }
    running = round().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async runOnce() {
      if (running) {
        await running;
      }
      running = round().finally(() => {
        running = null;
      });
      await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) {
        await running;
      }
    },
  };
}
